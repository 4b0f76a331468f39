namespace ServiceCoach.Standards;

/// <summary>One uploaded version of a standard file (R-STD-9: the standard is versioned). Exactly one is active.</summary>
public sealed class StandardVersionRecord
{
    public int Id { get; set; }

    /// <summary>The standard's <c>id</c> from the file (e.g. zh-CN.default).</summary>
    public string StandardId { get; set; } = "";

    public string Version { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The YAML exactly as uploaded.</summary>
    public string Yaml { get; set; } = "";

    /// <summary>Hex SHA-256 of the YAML, to recognise a re-upload.</summary>
    public string Sha256 { get; set; } = "";

    public bool IsActive { get; set; }

    public DateTime UploadedAtUtc { get; set; }

    public string UploadedBy { get; set; } = "";

    public DateTime? ActivatedAtUtc { get; set; }
}
