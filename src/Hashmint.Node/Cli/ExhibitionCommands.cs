using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hashmint.Core.Nft;
using Hashmint.Ledger.Operations;

namespace Hashmint.Node.Cli;

/// <summary>`hashmint exhibition publish|show|list`: exhibitions on the chain (publish-exhibition), published and revised by their curator.</summary>
public static class ExhibitionCommands
{
    public static Command Build()
    {
        var cmd = new Command("exhibition", "Exhibitions: a curator hangs tokens of any collection, in order, with a title and a text; publish, revise, show, list");
        cmd.Subcommands.Add(Publish());
        cmd.Subcommands.Add(Show());
        cmd.Subcommands.Add(List());
        return cmd;
    }

    private static Option<string> ExhibitionId()
    {
        var option = new Option<string>("--id") { Description = "Exhibition id, a slug: 3..32 of a-z, 0-9, '-', starting with a letter", Required = true, HelpName = "id" };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } id && !CollectionIds.IsValid(id))
                r.AddError($"--id: '{id}' is not an exhibition id (3..32 characters of a-z, 0-9 and '-', starting with a letter)");
        });
        return option;
    }

    /// <summary>A work as COLLECTION#ID (also COLLECTION:ID); null if it is not one.</summary>
    internal static ExhibitedWork? ParseWork(string text)
    {
        int at = text.LastIndexOfAny(['#', ':']);
        if (at <= 0) return null;
        string collection = text[..at].Trim();
        return CollectionIds.IsValid(collection) && text.Length - at - 1 <= 20
               && ulong.TryParse(text.AsSpan(at + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong id)
            ? new ExhibitedWork(collection, id) : null;
    }

    private static Command Publish()
    {
        var id = ExhibitionId();
        var title = new Option<string?>("--title") { Description = $"Title, 1..{PublishExhibitionOperation.MaxTitleBytes} bytes (a revision keeps the current one when not given)" };
        var text = new Option<string?>("--text") { Description = $"The curator's text, up to {PublishExhibitionOperation.MaxTextBytes} bytes; a blank line starts a paragraph" };
        var textFile = new Option<string?>("--text-file") { Description = "Read the text from this UTF-8 file instead", HelpName = "path" };
        var works = new Option<ExhibitedWork[]>("--work")
        {
            Description = $"A work to hang, COLLECTION#ID; repeat, in the order they hang (1..{PublishExhibitionOperation.MaxWorks}; a revision keeps the current list when none is given)",
            AllowMultipleArgumentsPerToken = true, HelpName = "collection#id",
        };
        works.CustomParser = r =>
        {
            var list = new List<ExhibitedWork>();
            foreach (var t in r.Tokens)
            {
                if (ParseWork(t.Value) is { } w) list.Add(w);
                else r.AddError($"--work: '{t.Value}' is not COLLECTION#ID (a collection id, '#', a token number)");
            }
            if (list.Count > PublishExhibitionOperation.MaxWorks) r.AddError($"--work: at most {PublishExhibitionOperation.MaxWorks} works, not {list.Count}");
            if (list.Distinct().Count() != list.Count) r.AddError("--work: a work is given twice (it hangs once)");
            return [.. list];
        };
        var fee = WalletCommands.FeeOption();
        var cmd = new Command("publish", "Publish an exhibition, or revise one you curate (what is not given is kept); the works need not be yours")
            { id, title, text, textFile, works, fee };
        var target = NodeTarget.AddTo(cmd, "exhibition publish", readsDataDir: _ => true);
        cmd.Check(r =>
        {
            if (r.Given(text) && r.Given(textFile)) r.AddError("give --text or --text-file, not both");
            if (r.Value(title) is { } t && (string.IsNullOrWhiteSpace(t) || System.Text.Encoding.UTF8.GetByteCount(t) > PublishExhibitionOperation.MaxTitleBytes))
                r.AddError($"--title: 1..{PublishExhibitionOperation.MaxTitleBytes} bytes, not only spaces");
            if (r.Value(text) is { } x && System.Text.Encoding.UTF8.GetByteCount(x) > PublishExhibitionOperation.MaxTextBytes)
                r.AddError($"--text: at most {PublishExhibitionOperation.MaxTextBytes} bytes");
        });
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            string exhibition = result.GetValue(id)!;
            string? newText = result.GetValue(textFile) is { } path
                ? CliFiles.ReadText(path, "--text-file", PublishExhibitionOperation.MaxTextBytes) : result.GetValue(text);
            using var session = WalletSession.Open(node);

            JsonElement? current = null;
            try { current = await node.Client.GetJsonAsync($"api/v1/exhibitions/{exhibition}", ct); }
            catch (NodeRefusedException e) when (e.Status == 404) { }
            if (current is { } c && c.GetProperty("curator").GetString() != session.Address)
                throw new CliException($"exhibition '{exhibition}' is curated by {c.GetProperty("curator").GetString()}, not by this wallet ({session.Address}); pick another --id");

            string? newTitle = result.GetValue(title) ?? current?.GetProperty("title").GetString();
            newText ??= current?.GetProperty("text").GetString() ?? "";
            var hung = result.GetValue(works) is { Length: > 0 } given ? given
                : current?.GetProperty("works").EnumerateArray().Select(w => new ExhibitedWork(w.GetProperty("collection").GetString()!, w.GetProperty("tokenId").GetUInt64())).ToArray();
            if (newTitle is null || hung is null or { Length: 0 })
                throw new UsageException($"exhibition '{exhibition}' does not exist yet: publishing it needs --title and at least one --work");
            Console.WriteLine(await session.SubmitAsync([new PublishExhibitionOperation(exhibition, newTitle, newText, hung)], result.GetValue(fee), ct));
            return 0;
        });
        return cmd;
    }

    private static Command Show()
    {
        var id = ExhibitionId();
        var cmd = new Command("show", "Show an exhibition: curator, title, text, revision, and its works in order with their owners") { id };
        var target = NodeTarget.AddTo(cmd, "exhibition show");
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync($"api/v1/exhibitions/{result.GetValue(id)}", ct)));
            return 0;
        });
        return cmd;
    }

    private static Command List()
    {
        var cmd = new Command("list", "List the chain's exhibitions (the first 200, in id order: shorter ids first)");
        var target = NodeTarget.AddTo(cmd, "exhibition list");
        cmd.SetAction(async (result, ct) =>
        {
            using var node = await target.ConnectAsync(result, ct);
            Console.WriteLine(WalletCommands.Pretty(await node.Client.GetJsonAsync("api/v1/exhibitions?limit=200", ct)));
            return 0;
        });
        return cmd;
    }
}
