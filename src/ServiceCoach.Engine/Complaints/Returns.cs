using ServiceCoach.Standards;

namespace ServiceCoach.Complaints;

public enum ReturnReason
{
    /// <summary>七天无理由 — the customer changed their mind.</summary>
    NoReason,

    /// <summary>质量问题.</summary>
    QualityDefect,

    /// <summary>发错货.</summary>
    WrongItem,

    /// <summary>运输损坏.</summary>
    DamagedInTransit,
}

public enum ReturnKind
{
    Return,
    Exchange,
}

/// <summary>The state of the goods' packaging as the customer describes it.</summary>
public enum PackagingState
{
    Unopened,
    OpenedIntact,
    Damaged,
}

/// <summary>What a category asks of the packaging for a no-reason return.</summary>
public enum PackagingRequirement
{
    /// <summary>未拆封.</summary>
    Unopened,

    /// <summary>包装完好 (opened is fine, nothing missing or damaged).</summary>
    Intact,

    /// <summary>不限.</summary>
    Any,
}

public enum ShippingPayer
{
    Customer,
    Company,
}

/// <summary>
/// Return and exchange conditions of one product category (R-CMP-6). Windows are in whole days
/// counted from delivery (day 0 = the delivery day; "7 days" accepts day 7).
/// </summary>
/// <param name="NoReasonDays">Null: this category takes no no-reason returns (fresh food, made to order).</param>
public sealed record ReturnCategory(
    string Id,
    string Name,
    int? NoReasonDays,
    PackagingRequirement NoReasonPackaging,
    ShippingPayer NoReasonShipping,
    int QualityReturnDays,
    int QualityExchangeDays,
    string? Note,
    SourceLocation Location);

public sealed record ReturnsStandard(string ReturnAddress, IReadOnlyList<ReturnCategory> Categories)
{
    public ReturnCategory? Category(string? idOrName) =>
        idOrName is null ? null : Categories.FirstOrDefault(c => string.Equals(c.Id, idOrName, StringComparison.OrdinalIgnoreCase) || c.Name == idOrName);
}

public sealed record ReturnRequest(string CategoryId, ReturnKind Kind, ReturnReason Reason, int DaysSinceDelivery, PackagingState Packaging);

/// <summary>
/// The decision on a return or exchange, with its reason in plain Chinese. <see cref="Kind"/> may
/// differ from what was asked: a defective item past its return window but inside its exchange
/// window is offered an exchange.
/// </summary>
public sealed record ReturnDecision(bool Allowed, ReturnKind Kind, ShippingPayer? ShippingPaidBy, string Reason);

/// <summary>Decides returns and exchanges by the category's rules.</summary>
public static class ReturnsPolicy
{
    public static ReturnDecision Decide(ReturnsStandard standard, ReturnRequest request)
    {
        ArgumentNullException.ThrowIfNull(standard);
        ArgumentNullException.ThrowIfNull(request);
        if (standard.Category(request.CategoryId) is not { } category)
        {
            return new ReturnDecision(false, request.Kind, null, $"未知的商品类别「{request.CategoryId}」，请联系主管。");
        }

        if (request.DaysSinceDelivery < 0)
        {
            return new ReturnDecision(false, request.Kind, null, "签收日期晚于今天，请核对签收日期。");
        }

        var days = request.DaysSinceDelivery;
        if (request.Reason != ReturnReason.NoReason)
        {
            // The seller's fault: the goods' packaging does not matter and we pay the shipping.
            var why = request.Reason switch
            {
                ReturnReason.WrongItem => "发错货",
                ReturnReason.DamagedInTransit => "运输损坏",
                _ => "质量问题",
            };
            if (request.Kind == ReturnKind.Return && days <= category.QualityReturnDays)
            {
                return new ReturnDecision(true, ReturnKind.Return, ShippingPayer.Company,
                    $"{category.Name}{why}，签收第 {days} 天，在 {category.QualityReturnDays} 天退货期内：同意退货，运费由我方承担。");
            }

            if (days <= category.QualityExchangeDays)
            {
                var offered = request.Kind == ReturnKind.Return
                    ? $"已超过 {category.QualityReturnDays} 天退货期，但在 {category.QualityExchangeDays} 天换货期内：可以换货，运费由我方承担。"
                    : $"在 {category.QualityExchangeDays} 天换货期内：同意换货，运费由我方承担。";
                return new ReturnDecision(true, ReturnKind.Exchange, ShippingPayer.Company, $"{category.Name}{why}，签收第 {days} 天，{offered}");
            }

            return new ReturnDecision(false, request.Kind, null,
                $"{category.Name}{why}，签收第 {days} 天，已超过 {category.QualityExchangeDays} 天换货期：转售后维修处理。");
        }

        if (category.NoReasonDays is not { } window)
        {
            return new ReturnDecision(false, request.Kind, null, $"{category.Name}不支持无理由退换货。{category.Note}".Trim());
        }

        if (days > window)
        {
            return new ReturnDecision(false, request.Kind, null, $"签收第 {days} 天，已超过 {window} 天无理由退换期。");
        }

        var packagingOk = category.NoReasonPackaging switch
        {
            PackagingRequirement.Unopened => request.Packaging == PackagingState.Unopened,
            PackagingRequirement.Intact => request.Packaging != PackagingState.Damaged,
            _ => true,
        };
        if (!packagingOk)
        {
            var needed = category.NoReasonPackaging == PackagingRequirement.Unopened ? "未拆封" : "包装完好、配件齐全";
            return new ReturnDecision(false, request.Kind, null, $"{category.Name}无理由退换要求商品{needed}，当前包装不符合。");
        }

        var payer = category.NoReasonShipping == ShippingPayer.Company ? "我方" : "客户";
        var verb = request.Kind == ReturnKind.Return ? "退货" : "换货";
        return new ReturnDecision(true, request.Kind, category.NoReasonShipping,
            $"签收第 {days} 天，在 {window} 天无理由退换期内，包装符合要求：同意{verb}，运费由{payer}承担。");
    }

    public static string ReasonName(ReturnReason reason) => reason switch
    {
        ReturnReason.NoReason => "无理由",
        ReturnReason.QualityDefect => "质量问题",
        ReturnReason.WrongItem => "发错货",
        _ => "运输损坏",
    };

    public static string PayerName(ShippingPayer payer) => payer == ShippingPayer.Company ? "我方" : "客户";
}
