using ServiceCoach.Data;

namespace ServiceCoach.Web.Tests.Data;

/// <summary>
/// A node keeps a bounded PostgreSQL pool unless the connection string says otherwise: Npgsql's
/// default of 100 would take all of PostgreSQL's default max_connections under a burst.
/// </summary>
public sealed class SizingTheConnectionPoolTests
{
    [Fact]
    public void AConnectionStringWithoutAPoolSize_GetsTheNodeDefault()
    {
        var sized = DatabaseSettings.WithPoolDefaults("Host=db;Username=sc;Password=pw;Database=sc;");

        Assert.Equal($"Host=db;Username=sc;Password=pw;Database=sc;Maximum Pool Size={DatabaseSettings.DefaultMaxPoolSize}", sized);
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=80")]
    [InlineData("Host=db;MaxPoolSize=8")]
    [InlineData("Host=db;max pool size=12")]
    public void AnOperatorsOwnPoolSize_IsKeptAsWritten(string connectionString)
    {
        Assert.Equal(connectionString, DatabaseSettings.WithPoolDefaults(connectionString));
    }
}
