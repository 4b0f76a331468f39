using ServiceCoach.Complaints;

namespace ServiceCoach.Tests.Complaints;

public sealed class ComplaintClusteringTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static ClusterDocument Doc(long id, string text, int day) => new(id, text, [], Start.AddDays(day));

    [Fact]
    public void Cluster_TwoProblems_FindsBothWithReadableTerms()
    {
        ClusterDocument[] documents =
        [
            Doc(1, "扫地机器人升级固件后无法回充", 1),
            Doc(2, "申请退款一周了，退款还没到账", 2),
            Doc(3, "固件升级以后机器人找不到充电座，无法回充", 3),
            Doc(4, "退款到现在还没到账，催了好几次", 4),
            Doc(5, "机器人升级后一直无法回充，原地转圈", 5),
            Doc(6, "快递员态度很差", 6),
            Doc(7, "退款迟迟不到账", 7),
            Doc(8, "升级固件后回充失败", 8),
        ];

        var clusters = ComplaintClustering.Cluster(documents);

        Assert.Equal(2, clusters.Count);
        Assert.Equal([1L, 3, 5, 8], clusters[0].Members);
        Assert.Equal([2L, 4, 7], clusters[1].Members);
        Assert.Contains(clusters[0].Terms, t => t.Contains("回充", StringComparison.Ordinal));
        Assert.Contains(clusters[1].Terms, t => t.Contains("到账", StringComparison.Ordinal) || t.Contains("退款", StringComparison.Ordinal));
        Assert.Equal(1, clusters[0].Number);
    }

    [Fact]
    public void Cluster_IsTheSameWhateverTheInputOrder()
    {
        ClusterDocument[] documents = [Doc(1, "无法回充", 1), Doc(2, "退款没到账", 2), Doc(3, "升级后无法回充", 3), Doc(4, "退款一直没到账", 4)];

        var forward = ComplaintClustering.Cluster(documents);
        var backward = ComplaintClustering.Cluster([.. documents.Reverse()]);

        Assert.Equal(forward.Select(c => string.Join(",", c.Members)), backward.Select(c => string.Join(",", c.Members)));
    }

    [Fact]
    public void Cluster_MoreMembersLately_IsRising()
    {
        ClusterDocument[] documents =
        [
            Doc(1, "退款没到账", 0), Doc(2, "退款还没到账", 10),
            Doc(3, "退款一直没到账", 19), Doc(4, "退款没有到账", 19), Doc(5, "退款迟迟不到账", 20),
            Doc(6, "快递员态度很差", 3), Doc(7, "发票抬头开错了", 12), Doc(8, "App 登录后闪退", 18),
        ];

        var cluster = Assert.Single(ComplaintClustering.Cluster(documents, new ClusteringOptions(TrendSplit: Start.AddDays(15))));

        Assert.Equal(3, cluster.Recent);
        Assert.Equal(2, cluster.Earlier);
        Assert.Equal(ClusterTrend.Rising, cluster.Trend);
    }

    [Theory]
    [InlineData(5, 0, ClusterTrend.New)]
    [InlineData(3, 2, ClusterTrend.Rising)]
    [InlineData(2, 2, ClusterTrend.Steady)]
    [InlineData(2, 3, ClusterTrend.Falling)]
    public void TrendOf_RecentAgainstEarlier(int recent, int earlier, ClusterTrend trend)
    {
        Assert.Equal(trend, ComplaintClustering.TrendOf(recent, earlier));
    }

    [Fact]
    public void Cluster_Nothing_IsNothing()
    {
        Assert.Empty(ComplaintClustering.Cluster([]));
    }
}

public sealed class ComplaintLearningTests
{
    [Fact]
    public void Shares_PercentOfComplaintsWithACause()
    {
        RootCauseCategory[] causes = [.. Enumerable.Repeat(RootCauseCategory.Process, 8), RootCauseCategory.People, RootCauseCategory.Product];

        var shares = ComplaintLearning.Shares(causes);

        Assert.Equal(80m, shares.Single(s => s.Category == RootCauseCategory.Process).Percent);
        Assert.Equal(0m, shares.Single(s => s.Category == RootCauseCategory.Environment).Percent);
    }

    [Fact]
    public void Csat_ShareOfFoursAndFives()
    {
        Assert.Equal(60m, ComplaintLearning.Csat([5, 4, 3, 5, 1]));
        Assert.Null(ComplaintLearning.Csat([]));
    }

    [Fact]
    public void Completion_ItemsThatReachedEachStage()
    {
        var completion = ComplaintLearning.Completion([FeedbackStage.Collect, FeedbackStage.Track, FeedbackStage.Publish, FeedbackStage.Improve]);

        Assert.Equal([100m, 75m, 75m, 75m, 50m, 25m], completion.Select(c => c.Percent));
    }
}
