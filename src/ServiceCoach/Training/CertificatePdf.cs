using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using ServiceCoach.Pdf;

namespace ServiceCoach.Training;

/// <summary>Renders a certificate as a one-page A4 landscape PDF with PDFsharp, in the CJK font of <see cref="CjkPdfFont"/>.</summary>
public static class CertificatePdf
{
    /// <summary>True when a CJK font was found.</summary>
    public static bool Available => CjkPdfFont.Available;

    public static byte[] Render(CertificateView certificate, string verifyUrl)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        CjkPdfFont.Use();

        using var document = new PdfDocument();
        document.Info.Title = $"{certificate.ProgrammeName} · {certificate.LearnerName}";
        document.Info.Creator = "ServiceCoach";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        using (var g = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            var blue = XColor.FromArgb(21, 101, 192);
            g.DrawRectangle(new XPen(blue, 4), 24, 24, width - 48, height - 48);
            g.DrawRectangle(new XPen(blue, 1), 34, 34, width - 68, height - 68);
            var center = new XStringFormat { Alignment = XStringAlignment.Center, LineAlignment = XLineAlignment.Center };
            void Line(string text, double size, double y, XBrush? brush = null) =>
                g.DrawString(text, new XFont(CjkPdfFont.Family, size), brush ?? XBrushes.Black, new XRect(0, y, width, size * 1.6), center);

            Line("结 业 证 书", 40, 80, new XSolidBrush(blue));
            Line("Certificate of Completion", 16, 140, XBrushes.Gray);
            Line("兹证明", 18, 200);
            Line(certificate.LearnerName, 34, 240);
            Line($"完成培训计划「{certificate.ProgrammeName}」，综合成绩 {certificate.CompositePercent.ToString("0.#", CultureInfo.InvariantCulture)} 分，考核合格。", 16, 310);
            Line($"has completed the programme with a composite grade of {certificate.CompositePercent.ToString("0.#", CultureInfo.InvariantCulture)}.", 12, 345, XBrushes.Gray);
            Line($"颁发日期 Issued {certificate.IssuedAtUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", 12, 410);
            Line($"证书编号（验证码）Verification code: {certificate.Code}", 14, 440, new XSolidBrush(blue));
            Line($"验证 Verify: {verifyUrl}", 10, 470, XBrushes.Gray);
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }
}
