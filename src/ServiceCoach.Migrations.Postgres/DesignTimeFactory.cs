using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ServiceCoach.Data;

namespace ServiceCoach.Migrations.Postgres;

/// <summary>Used only by `dotnet ef migrations add` to generate the PostgreSQL migrations (no server is contacted).</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ServiceCoachDbContext>
{
    public ServiceCoachDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ServiceCoachDbContext>()
        .UseNpgsql("Host=localhost;Database=servicecoach_design", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .Options);
}
