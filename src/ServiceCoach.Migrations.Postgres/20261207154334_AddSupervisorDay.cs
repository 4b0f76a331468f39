using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ServiceCoach.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddSupervisorDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AssignedAtUtc",
                table: "ReviewItems",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignedToName",
                table: "ReviewItems",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignedToUserId",
                table: "ReviewItems",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DefaultTeamId",
                table: "Imports",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AgentMappings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ExternalAgentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgentMappings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgentMappings_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CheckJudgements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ScorecardId = table.Column<long>(type: "bigint", nullable: false),
                    CheckId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<int>(type: "integer", nullable: false),
                    To = table.Column<int>(type: "integer", nullable: false),
                    DisputeId = table.Column<long>(type: "bigint", nullable: true),
                    ByUserId = table.Column<string>(type: "text", nullable: false),
                    ByName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckJudgements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CheckJudgements_Scorecards_ScorecardId",
                        column: x => x.ScorecardId,
                        principalTable: "Scorecards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_AssignedToUserId_State",
                table: "ReviewItems",
                columns: new[] { "AssignedToUserId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_AgentMappings_ExternalAgentId",
                table: "AgentMappings",
                column: "ExternalAgentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgentMappings_UserId",
                table: "AgentMappings",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckJudgements_ScorecardId_CheckId_Id",
                table: "CheckJudgements",
                columns: new[] { "ScorecardId", "CheckId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgentMappings");

            migrationBuilder.DropTable(
                name: "CheckJudgements");

            migrationBuilder.DropIndex(
                name: "IX_ReviewItems_AssignedToUserId_State",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "AssignedAtUtc",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "AssignedToName",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "AssignedToUserId",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "DefaultTeamId",
                table: "Imports");
        }
    }
}
