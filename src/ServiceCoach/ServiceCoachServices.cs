using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceCoach.Complaints;
using ServiceCoach.Data;
using ServiceCoach.Insights;
using ServiceCoach.Notifications;
using ServiceCoach.Practice;
using ServiceCoach.Quality;
using ServiceCoach.Standards;
using ServiceCoach.Training;
using ServiceCoach.Users;

namespace ServiceCoach;

/// <summary>Everything the application library provides, in one flat list (no scanning).</summary>
public static class ServiceCoachServices
{
    public static IServiceCollection AddServiceCoach(this IServiceCollection services, DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(OrganisationTime.Default);
        services.TryAddSingleton(ScoringBudget.Default);
        services.AddSingleton(settings);
        services.AddDbContextFactory<ServiceCoachDbContext>(settings.Configure);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContext());

        services.AddIdentityCore<AppUser>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ServiceCoachDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ServiceCoachClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddSingleton<StandardCatalog>();
        services.AddSingleton<WhatIf>();
        services.AddSingleton<QualityDashboard>();
        services.AddSingleton<ConversationImport>();
        services.AddSingleton<ImportHistory>();
        services.AddSingleton<ScoringJobs>();
        services.AddSingleton<ConversationQueries>();
        services.AddSingleton<Reviews>();
        services.AddSingleton<ReviewWorklist>();
        services.AddSingleton<SamplingRules>();
        services.AddSingleton<Disputes>();
        services.AddSingleton<Assignments>();
        services.AddSingleton<Calibration>();
        services.AddSingleton<ApiTokens>();
        services.AddScoped<UserAdministration>();
        services.AddSingleton<AuditTrail>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<QuestionBank>();
        services.AddSingleton<LearningRecords>();
        services.AddSingleton<Exams>();
        services.AddSingleton<PracticalResults>();
        services.AddSingleton<TrainingGrades>();
        services.AddSingleton<Programmes>();
        services.AddSingleton<Cohorts>();
        services.AddSingleton<Schedules>();
        services.AddSingleton<Evaluation>();
        services.AddSingleton<Certificates>();
        services.AddSingleton<XApiExport>();
        services.AddSingleton<TrainingSeeder>();

        // Practice: the virtual customer in the web app.
        services.AddSingleton<PracticeLibrary>();
        services.AddSingleton<PracticeAttempts>();
        services.AddSingleton<Drills>();

        // Notifications: one service for the whole product (in-app, e-mail, WeCom and DingTalk group robots).
        services.TryAddSingleton(NotificationSettings.Disabled);
        services.AddHttpClient(WebhookChannel.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<INotificationChannel, WeComChannel>();
        services.AddSingleton<INotificationChannel, DingTalkChannel>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<Notifier>();

        // Complaints.
        services.AddSingleton<ComplaintCalendars>();
        services.AddSingleton<ComplaintDesk>();
        services.AddSingleton<ComplaintInsights>();
        services.AddSingleton<SlaSweeper>();
        return services;
    }

    /// <summary>Creates or upgrades the database schema (migrations for the configured provider).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = services.GetRequiredService<DatabaseSettings>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(settings.DataFolder);
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        await ConversationSearch.BackfillAsync(services.GetRequiredService<IDbContextFactory<ServiceCoachDbContext>>(), cancellationToken);
    }
}
