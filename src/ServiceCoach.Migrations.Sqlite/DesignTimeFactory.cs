using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ServiceCoach.Data;

namespace ServiceCoach.Migrations.Sqlite;

/// <summary>Used only by `dotnet ef migrations add` to generate the SQLite migrations.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ServiceCoachDbContext>
{
    public ServiceCoachDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ServiceCoachDbContext>()
        .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .Options);
}
