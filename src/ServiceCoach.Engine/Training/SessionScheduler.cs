namespace ServiceCoach.Training;

/// <summary>An offline session to fill: when it runs and how many it seats.</summary>
public sealed record SessionSlot(int Id, DateTime StartsUtc, DateTime EndsUtc, int Capacity, int Seated);

/// <summary>A learner to place, with the times they are already busy (other sessions).</summary>
public sealed record LearnerAvailability(string UserId, IReadOnlyList<(DateTime StartsUtc, DateTime EndsUtc)> Busy);

public sealed record SeatAssignment(string UserId, int SessionId);

public sealed record ScheduleResult(IReadOnlyList<SeatAssignment> Assignments, IReadOnlyList<string> Unplaced);

/// <summary>
/// Places learners in sessions of one offering (e.g. the role-play workshop, run several times for
/// a 2,000-person cohort) so nobody sits two overlapping sessions and no session exceeds its
/// capacity: each learner gets the earliest session that fits, filling sessions in time order.
/// Learners who fit nowhere are listed, so the trainer can add a session.
/// </summary>
public static class SessionScheduler
{
    public static ScheduleResult Assign(IReadOnlyList<SessionSlot> sessions, IReadOnlyList<LearnerAvailability> learners)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(learners);
        var seats = sessions.OrderBy(s => s.StartsUtc).ThenBy(s => s.Id).Select(s => (Session: s, Free: Math.Max(0, s.Capacity - s.Seated))).ToArray();
        var assignments = new List<SeatAssignment>();
        var unplaced = new List<string>();
        foreach (var learner in learners)
        {
            var placed = false;
            for (var i = 0; i < seats.Length; i++)
            {
                var (session, free) = seats[i];
                if (free == 0 || learner.Busy.Any(b => Overlaps(b.StartsUtc, b.EndsUtc, session.StartsUtc, session.EndsUtc)))
                {
                    continue;
                }

                seats[i] = (session, free - 1);
                assignments.Add(new SeatAssignment(learner.UserId, session.Id));
                placed = true;
                break;
            }

            if (!placed)
            {
                unplaced.Add(learner.UserId);
            }
        }

        return new ScheduleResult(assignments, unplaced);
    }

    /// <summary>True when two time ranges share any moment (touching ends do not overlap).</summary>
    public static bool Overlaps(DateTime aStart, DateTime aEnd, DateTime bStart, DateTime bEnd) => aStart < bEnd && bStart < aEnd;
}
