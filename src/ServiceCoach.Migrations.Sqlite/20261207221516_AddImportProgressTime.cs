using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ServiceCoach.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddImportProgressTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastProgressUtc",
                table: "Imports",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastProgressUtc",
                table: "Imports");
        }
    }
}
