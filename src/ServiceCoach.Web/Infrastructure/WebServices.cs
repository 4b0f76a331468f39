using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using ServiceCoach.Data;
using ServiceCoach.Notifications;
using ServiceCoach.Quality;
using ServiceCoach.Web.Complaints;
using ServiceCoach.Web.Notifications;
using ServiceCoach.Users;
using ServiceCoach.Web.Quality;
using ServiceCoach.Web.Training;
using ServiceCoach.Web.Users;

namespace ServiceCoach.Web;

/// <summary>The web host's registrations, in one flat list.</summary>
internal static class WebServices
{
    public static IServiceCollection AddServiceCoachWeb(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        // One time zone for every day a page shows or counts; an unknown id stops the host here with a message naming the setting.
        services.Replace(ServiceDescriptor.Singleton(OrganisationTime.FromId(configuration[OrganisationTime.ConfigurationKey])));

        // The work one conversation's scoring may take before its outcome is 'error' (docs/security.md#limits).
        services.Replace(ServiceDescriptor.Singleton(ScoringBudget.FromSetting(configuration[ScoringBudget.ConfigurationKey])));

        // Keys in the data folder: sign-in cookies and antiforgery tokens survive a restart.
        services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(database.DataFolder, "keys")))
            .SetApplicationName("ServiceCoach");

        // A reverse proxy terminating HTTPS sends X-Forwarded-For/-Proto; they are believed only from the
        // loopback addresses (a proxy on the same host) or the proxies listed in ServiceCoach:KnownProxies.
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("ServiceCoach:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });

        services.AddRequestAdmission(configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();

        // Live drills push "the room changed" over SignalR. With several nodes, SignalR:Redis (a StackExchange.Redis
        // connection string) carries those messages between them; without it a single node needs nothing else (docs/deployment.md).
        var signalR = services.AddSignalR();
        if (configuration["SignalR:Redis"] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("servicecoach"));
        }

        services.AddSingleton<ServiceCoach.Web.Practice.DrillBroadcast>();
        // IStringLocalizer<SharedResource> reads the same resources as Localization.T (Resources/SharedResource.*.resx).
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddExceptionHandler<UnreadableRequestHandler>();

        // Our SecurityHeaders send X-Frame-Options: DENY and CSP frame-ancestors 'none'; antiforgery's SAMEORIGIN would be a second, weaker value.
        services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        services.AddSingleton<ApiPrincipalCache>();
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = "servicecoach";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        });

        // A signed-in browser re-reads its user every minute: new roles and teams apply, and a reset password ends other sessions, within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        var authorization = services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in Policies.RolesFor)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "ServiceCoach API",
                Version = "v1",
                Description = "客服质检与培训 API. Authenticate with a personal access token: `POST /api/v1/auth/token`, then send `Authorization: Bearer sc_…` (the token).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal access token (sc_…), created in the UI under 个人令牌 API tokens or by POST /api/v1/auth/token.",
            };
            return Task.CompletedTask;
        }));

        services.AddHealthChecks().AddDbContextCheck<ServiceCoachDbContext>("database");

        services.AddSingleton(new ImportLimits(configuration.GetValue("ServiceCoach:MaxImportMegabytes", 1024L) * 1024 * 1024));
        services.AddSingleton<ImportRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportRunner>());

        if (configuration.GetValue("ServiceCoach:RunExamCloser", true))
        {
            services.AddHostedService<ExamCloser>();
        }

        if (configuration.GetValue("ServiceCoach:RunScoringWorker", true))
        {
            services.AddHostedService<ScoringWorker>();
        }

        services.AddSingleton(NotificationSettings.From(configuration));
        if (configuration.GetValue("ServiceCoach:RunBackgroundLoops", true))
        {
            services.AddHostedService<SlaSweepWorker>();
            services.AddHostedService<NotificationWorker>();
        }

        return services;
    }
}
