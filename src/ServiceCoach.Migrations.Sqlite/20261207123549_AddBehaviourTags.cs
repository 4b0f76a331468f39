using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceCoach.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddBehaviourTags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "DissatisfactionRisk",
                table: "Scorecards",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "Scorecards",
                type: "TEXT",
                nullable: false,
                defaultValue: ",");

            migrationBuilder.CreateIndex(
                name: "IX_Scorecards_DissatisfactionRisk",
                table: "Scorecards",
                column: "DissatisfactionRisk");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Scorecards_DissatisfactionRisk",
                table: "Scorecards");

            migrationBuilder.DropColumn(
                name: "DissatisfactionRisk",
                table: "Scorecards");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "Scorecards");
        }
    }
}
