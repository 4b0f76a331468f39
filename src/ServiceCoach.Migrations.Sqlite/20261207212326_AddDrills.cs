using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceCoach.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddDrills : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DrillRooms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ScenarioId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StandardVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    HostUserId = table.Column<string>(type: "TEXT", nullable: false),
                    OpenedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrillRooms", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DrillRooms_AspNetUsers_HostUserId",
                        column: x => x.HostUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DrillMembers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoomId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Seat = table.Column<int>(type: "INTEGER", nullable: false),
                    Plays = table.Column<bool>(type: "INTEGER", nullable: false),
                    JoinedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrillMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DrillMembers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DrillMembers_DrillRooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "DrillRooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DrillRounds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoomId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomerUserId = table.Column<string>(type: "TEXT", nullable: false),
                    AgentUserId = table.Column<string>(type: "TEXT", nullable: false),
                    SupervisorUserId = table.Column<string>(type: "TEXT", nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Score = table.Column<double>(type: "REAL", nullable: true),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrillRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DrillRounds_DrillRooms_RoomId",
                        column: x => x.RoomId,
                        principalTable: "DrillRooms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DrillComments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<long>(type: "INTEGER", nullable: false),
                    TurnNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SaidAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrillComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DrillComments_DrillRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "DrillRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DrillTurns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoundId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    ByAgent = table.Column<bool>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SaidAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DrillTurns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DrillTurns_DrillRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "DrillRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DrillComments_RoundId_TurnNumber",
                table: "DrillComments",
                columns: new[] { "RoundId", "TurnNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_DrillMembers_RoomId_UserId",
                table: "DrillMembers",
                columns: new[] { "RoomId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DrillMembers_UserId",
                table: "DrillMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_DrillRooms_ClosedAtUtc",
                table: "DrillRooms",
                column: "ClosedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_DrillRooms_HostUserId",
                table: "DrillRooms",
                column: "HostUserId");

            migrationBuilder.CreateIndex(
                name: "IX_DrillRounds_AgentUserId",
                table: "DrillRounds",
                column: "AgentUserId");

            migrationBuilder.CreateIndex(
                name: "IX_DrillRounds_RoomId_Number",
                table: "DrillRounds",
                columns: new[] { "RoomId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DrillTurns_RoundId_Number",
                table: "DrillTurns",
                columns: new[] { "RoundId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DrillComments");

            migrationBuilder.DropTable(
                name: "DrillMembers");

            migrationBuilder.DropTable(
                name: "DrillTurns");

            migrationBuilder.DropTable(
                name: "DrillRounds");

            migrationBuilder.DropTable(
                name: "DrillRooms");
        }
    }
}
