namespace ServiceCoach.Conversations;

public enum Channel
{
    Chat,
    Phone,
    Email,
}

public enum Speaker
{
    Agent,
    Customer,
    System,
}

/// <summary>One utterance.</summary>
/// <param name="StartMs">Milliseconds from the start of the conversation when the utterance began; null when the source has no timing.</param>
/// <param name="EndMs">Milliseconds from the start of the conversation when it ended; null when unknown (a chat message has only a send time: importers then set it equal to <paramref name="StartMs"/>).</param>
public sealed record Turn(Speaker Speaker, string Text, long? StartMs = null, long? EndMs = null)
{
    public bool HasTiming => StartMs is not null;

    /// <summary>End of the utterance for gap calculations: the end when known, else the start.</summary>
    public long? EffectiveEndMs => EndMs ?? StartMs;
}

public sealed record CustomerInfo(string? Id, string? Tier);

/// <summary>A conversation between an agent and a customer, as imported.</summary>
public sealed record Conversation
{
    public required string Id { get; init; }

    public Channel Channel { get; init; } = Channel.Chat;

    public string? AgentId { get; init; }

    public string? Team { get; init; }

    public CustomerInfo? Customer { get; init; }

    /// <summary>When the conversation started (offset 0 of the turns' timing).</summary>
    public DateTimeOffset? StartTime { get; init; }

    public string? Category { get; init; }

    /// <summary>Customer satisfaction from a post-contact survey, 1 (worst) to 5 (best).</summary>
    public int? Csat { get; init; }

    public required IReadOnlyList<Turn> Turns { get; init; }

    /// <summary>True when every turn has a start offset, so timing checks can be judged.</summary>
    public bool HasTimestamps
    {
        get
        {
            if (Turns.Count == 0)
            {
                return false;
            }

            foreach (var turn in Turns)
            {
                if (turn.StartMs is null)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Duration from offset 0 to the end of the last turn, or null without timestamps.</summary>
    public TimeSpan? Duration
    {
        get
        {
            if (!HasTimestamps)
            {
                return null;
            }

            long end = 0;
            foreach (var turn in Turns)
            {
                end = Math.Max(end, turn.EffectiveEndMs ?? 0);
            }

            return TimeSpan.FromMilliseconds(end);
        }
    }
}
