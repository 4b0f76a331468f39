using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace ServiceCoach.Notifications;

/// <summary>
/// Where notifications go outside the product (configuration section <c>ServiceCoach:Notifications</c>):
/// the public address that makes links absolute, and the SMTP server. No SMTP host = no e-mail.
/// </summary>
public sealed record NotificationSettings(string? PublicBaseUrl, SmtpSettings? Smtp)
{
    public static NotificationSettings Disabled { get; } = new(null, null);

    public static NotificationSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("ServiceCoach:Notifications");
        var smtp = section.GetSection("Smtp");
        var host = smtp["Host"];
        return new NotificationSettings(
            section["PublicBaseUrl"],
            string.IsNullOrWhiteSpace(host) ? null : new SmtpSettings(
                host,
                int.TryParse(smtp["Port"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 587,
                Enum.TryParse<SmtpSecurity>(smtp["Security"], ignoreCase: true, out var security) ? security : SmtpSecurity.StartTls,
                smtp["UserName"],
                smtp["Password"],
                smtp["From"] ?? "servicecoach@localhost"));
    }

    /// <summary>The link as others can open it: absolute with <see cref="PublicBaseUrl"/>, else as it is.</summary>
    public string? AbsoluteLink(string? link) =>
        link is null || PublicBaseUrl is null || !link.StartsWith('/') ? link : PublicBaseUrl.TrimEnd('/') + link;
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed record SmtpSettings(string Host, int Port, SmtpSecurity Security, string? UserName, string? Password, string From);

/// <summary>A way of sending a notification outside the product (the extension point: e-mail, WeCom, DingTalk).</summary>
public interface INotificationChannel
{
    NotificationChannelKind Kind { get; }

    /// <summary>Sends one delivery or throws with a message worth showing an admin.</summary>
    /// <param name="team">The target team's settings (webhooks), null for e-mail.</param>
    Task SendAsync(NotificationDelivery delivery, TeamNotificationSettings? team, CancellationToken cancellationToken);
}

/// <summary>E-mail over SMTP with MailKit.</summary>
internal sealed class EmailChannel(NotificationSettings settings) : INotificationChannel
{
    public NotificationChannelKind Kind => NotificationChannelKind.Email;

    public async Task SendAsync(NotificationDelivery delivery, TeamNotificationSettings? team, CancellationToken cancellationToken)
    {
        var smtp = settings.Smtp ?? throw new InvalidOperationException("SMTP is not configured (ServiceCoach:Notifications:Smtp:Host).");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(delivery.Target));
        message.Subject = $"[ServiceCoach] {delivery.Title}";
        var link = settings.AbsoluteLink(delivery.Link);
        message.Body = new TextPart("plain") { Text = link is null ? delivery.Body : $"{delivery.Body}\n\n{link}" };

        using var client = new SmtpClient { Timeout = 15_000 };
        var security = smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>
/// Group-robot webhooks. Both robots take a JSON POST and answer <c>{"errcode":0,"errmsg":"ok"}</c>;
/// anything else is a failed delivery (retried by the dispatcher).
/// </summary>
internal abstract class WebhookChannel(IHttpClientFactory http, NotificationSettings settings) : INotificationChannel
{
    public const string HttpClientName = "notifications";

    public abstract NotificationChannelKind Kind { get; }

    protected NotificationSettings Settings => settings;

    public async Task SendAsync(NotificationDelivery delivery, TeamNotificationSettings? team, CancellationToken cancellationToken)
    {
        var (url, payload) = Build(delivery, team ?? throw new InvalidOperationException($"Team {delivery.Target} has no notification settings any more."));
        using var client = http.CreateClient(HttpClientName);
        using var response = await client.PostAsJsonAsync(url, payload, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{Kind} webhook answered {(int)response.StatusCode}: {Short(text)}");
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.TryGetProperty("errcode", out var code) && code.GetInt32() != 0)
            {
                var message = json.RootElement.TryGetProperty("errmsg", out var m) ? m.GetString() : "";
                throw new HttpRequestException($"{Kind} webhook refused the message: errcode {code.GetInt32()} {message}");
            }
        }
        catch (JsonException)
        {
            throw new HttpRequestException($"{Kind} webhook answered something that is not JSON: {Short(text)}");
        }
    }

    protected abstract (string Url, object Payload) Build(NotificationDelivery delivery, TeamNotificationSettings team);

    protected string Markdown(NotificationDelivery delivery, string before, string after = "")
    {
        var link = Settings.AbsoluteLink(delivery.Link);
        var text = new StringBuilder().Append(before).Append(delivery.Title).Append(after).Append("\n\n").Append(delivery.Body);
        if (link is not null)
        {
            text.Append("\n\n[查看详情](").Append(link).Append(')');
        }

        return text.ToString();
    }

    private static string Short(string text) => text.Length <= 200 ? text : text[..200];
}

/// <summary>企业微信群机器人: <c>{"msgtype":"markdown","markdown":{"content":"…"}}</c>.</summary>
internal sealed class WeComChannel(IHttpClientFactory http, NotificationSettings settings) : WebhookChannel(http, settings)
{
    public override NotificationChannelKind Kind => NotificationChannelKind.WeCom;

    protected override (string Url, object Payload) Build(NotificationDelivery delivery, TeamNotificationSettings team) =>
        (team.WeComWebhookUrl ?? throw new InvalidOperationException("The team's WeCom webhook was removed."),
            new { msgtype = "markdown", markdown = new { content = Markdown(delivery, "**", "**") } });
}

/// <summary>
/// 钉钉群机器人: <c>{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}</c>; with a secret
/// (加签) the URL carries <c>timestamp</c> (ms) and <c>sign</c> = Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)).
/// </summary>
internal sealed class DingTalkChannel(IHttpClientFactory http, NotificationSettings settings, TimeProvider clock) : WebhookChannel(http, settings)
{
    public override NotificationChannelKind Kind => NotificationChannelKind.DingTalk;

    protected override (string Url, object Payload) Build(NotificationDelivery delivery, TeamNotificationSettings team)
    {
        var url = team.DingTalkWebhookUrl ?? throw new InvalidOperationException("The team's DingTalk webhook was removed.");
        if (!string.IsNullOrEmpty(team.DingTalkSecret))
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"timestamp={timestamp}&sign={Uri.EscapeDataString(Sign(timestamp, team.DingTalkSecret))}";
        }

        return (url, new { msgtype = "markdown", markdown = new { title = delivery.Title, text = Markdown(delivery, "### ") } });
    }

    public static string Sign(string timestamp, string secret)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(timestamp + "\n" + secret)));
    }
}
