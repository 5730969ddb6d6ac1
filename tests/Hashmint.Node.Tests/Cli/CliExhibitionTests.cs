using System.Net;

namespace Hashmint.Node.Tests.Cli;

/// <summary>`hashmint exhibition` through the real executable on a live regtest node: publish someone else's works, revise, show, and its errors.</summary>
public sealed class CliExhibitionTests(RegtestCliFixture f) : IClassFixture<RegtestCliFixture>
{
    private const string Id = "cli-show";

    /// <summary>Title, revision and the works in order, "collection#id" joined by spaces (a tuple compares a string by value, an array by reference).</summary>
    private async Task<(string Title, uint Revision, string Works)> ReadAsync()
    {
        var x = await f.GetAsync($"api/v1/exhibitions/{Id}");
        return (x.GetProperty("title").GetString()!, x.GetProperty("revision").GetUInt32(),
            string.Join(' ', x.GetProperty("works").EnumerateArray().Select(w => $"{w.GetProperty("collection").GetString()}#{w.GetProperty("tokenId").GetUInt64()}")));
    }

    [Fact]
    public async Task B_hangs_As_tokens_revises_them_and_A_cannot_take_the_exhibition_over()
    {
        var ids = await f.MintAsync(2); // A's tokens; B curates
        string first = $"{RegtestCliFixture.Collection}#{ids[0]}", second = $"{RegtestCliFixture.Collection}#{ids[1]}";

        var missingTitle = await f.Run("exhibition", "publish", "--node", f.Url, "--datadir", f.B, "--id", Id, "--work", first);
        CliAssert.OneLineError(missingTitle, CliAssert.Usage, $"exhibition '{Id}' does not exist yet", "--title");
        var badWork = await f.Run("exhibition", "publish", "--node", f.Url, "--datadir", f.B, "--id", Id, "--title", "X", "--work", "cli-art");
        CliAssert.OneLineError(badWork, CliAssert.Usage, "--work: 'cli-art' is not COLLECTION#ID");
        var ghost = await f.Run("exhibition", "publish", "--node", f.Url, "--datadir", f.B, "--id", Id, "--title", "Ghosts", "--work", "cli-art#9999");
        CliAssert.OneLineError(ghost, CliAssert.Failure, "node refused", "unknown-token");

        var text = Path.Combine(f.Tmp.Path, "text.txt");
        await File.WriteAllTextAsync(text, "Two works by A.\n\nHung by B.");
        await f.Submitted("exhibition", "publish", "--node", f.Url, "--datadir", f.B, "--id", Id, "--title", "Second first", "--text-file", text,
            "--work", second, "--work", first);
        await f.Node.GenerateAsync(1);
        Assert.Equal(("Second first", 1u, $"{second} {first}"), await ReadAsync());
        var shown = await f.Run("exhibition", "show", "--node", f.Url, "--id", Id);
        CliAssert.Succeeded(shown);
        Assert.Contains($"\"curator\": \"{f.AddressB}\"", shown.StdOut);
        Assert.Contains("Hung by B.", shown.StdOut);

        // A revision that names only a new title keeps the text and the works.
        await f.Submitted("exhibition", "publish", "--node", f.Url, "--datadir", f.B, "--id", Id, "--title", "Rehung");
        await f.Node.GenerateAsync(1);
        Assert.Equal(("Rehung", 2u, $"{second} {first}"), await ReadAsync());
        Assert.Equal("Two works by A.\n\nHung by B.", (await f.GetAsync($"api/v1/exhibitions/{Id}")).GetProperty("text").GetString());

        // Owning the works is not curating: A is refused before anything is signed.
        var takeover = await f.Run("exhibition", "publish", "--datadir", f.A, "--id", Id, "--title", "Mine");
        CliAssert.OneLineError(takeover, CliAssert.Failure, $"exhibition '{Id}' is curated by {f.AddressB}");
        var listed = await f.Run("exhibition", "list", "--node", f.Url);
        CliAssert.Succeeded(listed);
        Assert.Contains($"\"id\": \"{Id}\"", listed.StdOut);

        using var page = await f.Node.Http.GetAsync($"exhibition/{Id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Rehung", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await f.Node.Http.GetAsync("api/v1/exhibitions/no-such-show")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await f.Node.Http.GetAsync("api/v1/exhibitions/Bad%20Id")).StatusCode);
    }
}
