using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceCoach.Users;

namespace ServiceCoach.Quality;

/// <summary>A reviewer invited to a calibration round: they judge every check of every conversation in it, blind.</summary>
public sealed class CalibrationReviewer
{
    public int SessionId { get; set; }

    public string UserId { get; set; } = "";
}

internal sealed class CalibrationReviewerConfiguration : IEntityTypeConfiguration<CalibrationReviewer>
{
    public void Configure(EntityTypeBuilder<CalibrationReviewer> builder)
    {
        builder.HasKey(r => new { r.SessionId, r.UserId });
        builder.HasIndex(r => r.UserId);
        builder.HasOne<CalibrationSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
