namespace ServiceCoach.Users;

/// <summary>The five roles. Names are stored in the database and used in authorization policies.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Supervisor = "Supervisor";
    public const string Trainer = "Trainer";

    /// <summary>质检员.</summary>
    public const string QaInspector = "QaInspector";
    public const string Agent = "Agent";

    public static IReadOnlyList<string> All { get; } = [Admin, Supervisor, Trainer, QaInspector, Agent];

    public static string DisplayName(string role) => role switch
    {
        Admin => "管理员 Admin",
        Supervisor => "主管 Supervisor",
        Trainer => "培训师 Trainer",
        QaInspector => "质检员 QA inspector",
        Agent => "客服 Agent",
        _ => role,
    };
}

/// <summary>Authorization policies: every page and endpoint names one of these (or allows any signed-in user).</summary>
public static class Policies
{
    /// <summary>Team-wide figures: dashboards and reports.</summary>
    public const string ViewDashboards = nameof(ViewDashboards);

    /// <summary>Upload conversations and start scoring.</summary>
    public const string ImportConversations = nameof(ImportConversations);

    /// <summary>Review scorecards: confirm or override checks, work the review queue, sampling rules, calibration.</summary>
    public const string Review = nameof(Review);

    /// <summary>
    /// Add, change, enable and disable the sampling rules. They are organisation-wide, so only the
    /// roles that see every team may change them; a supervisor applies them to their own teams.
    /// </summary>
    public const string ManageSamplingRules = nameof(ManageSamplingRules);

    /// <summary>Decide agents' disputes (申诉).</summary>
    public const string DecideDisputes = nameof(DecideDisputes);

    /// <summary>Raise a dispute about one's own scorecard.</summary>
    public const string RaiseDisputes = nameof(RaiseDisputes);

    /// <summary>Upload, activate and try out standard versions.</summary>
    public const string ManageStandards = nameof(ManageStandards);

    /// <summary>Users, roles, teams and the audit log.</summary>
    public const string Administer = nameof(Administer);

    /// <summary>Question bank, exam papers, grading, programmes, cohorts, sessions, certificates.</summary>
    public const string ManageTraining = nameof(ManageTraining);

    /// <summary>Other people's learning records and grades: trainers and admins all, supervisors their teams'.</summary>
    public const string ViewLearningRecords = nameof(ViewLearningRecords);

    /// <summary>Open, own, escalate and close complaints (each within their own records: agents theirs, supervisors their teams').</summary>
    public const string WorkComplaints = nameof(WorkComplaints);

    /// <summary>See the unassigned queue and file imported conversations under a team and agent; map source systems' agent ids (supervisors: to their own teams).</summary>
    public const string AssignConversations = nameof(AssignConversations);

    public static IReadOnlyDictionary<string, string[]> RolesFor { get; } = new Dictionary<string, string[]>
    {
        [ViewDashboards] = [Roles.Admin, Roles.Supervisor, Roles.QaInspector, Roles.Trainer],
        [ImportConversations] = [Roles.Admin, Roles.Supervisor, Roles.QaInspector],
        [Review] = [Roles.Admin, Roles.QaInspector, Roles.Supervisor],
        [ManageSamplingRules] = [Roles.Admin, Roles.QaInspector],
        [DecideDisputes] = [Roles.Admin, Roles.QaInspector],
        [RaiseDisputes] = [Roles.Agent],
        [ManageStandards] = [Roles.Admin, Roles.QaInspector],
        [Administer] = [Roles.Admin],
        [ManageTraining] = [Roles.Admin, Roles.Trainer],
        [ViewLearningRecords] = [Roles.Admin, Roles.Trainer, Roles.Supervisor],
        [WorkComplaints] = [Roles.Admin, Roles.Supervisor, Roles.Agent],
        [AssignConversations] = [Roles.Admin, Roles.Supervisor, Roles.QaInspector],
    };
}
