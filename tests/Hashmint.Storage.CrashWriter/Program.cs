using System.Diagnostics;
using Hashmint.Storage;
using Hashmint.Storage.CrashWriter;

// Usage: write <dir>  — writes CrashLayout batches, printing "committed <n>" after each, until killed.
//        hold <dir>   — opens the store, prints "ready", closes it when standard input ends.
// Either way the process ends by itself when standard input ends (the test that started it is
// gone), so a crashed test run never leaves a writer filling the disk.
if (args.Length != 2 || args[0] is not ("write" or "hold"))
{
    Console.Error.WriteLine("usage: Hashmint.Storage.CrashWriter write|hold <directory>");
    return 2;
}

var lifetimeLimit = TimeSpan.FromSeconds(60);
using var store = RocksDbKeyValueStore.Open(args[1], CrashLayout.StoreOptions, CrashLayout.Families);
Console.WriteLine("ready");
if (args[0] == "hold")
{
    while (Console.ReadLine() is not null) { }
    return 0;
}

new Thread(() =>
{
    while (Console.ReadLine() is not null) { }
    Environment.Exit(3);
}) { IsBackground = true }.Start();

var clock = Stopwatch.StartNew();
var counter = store.Get(CrashLayout.Counter, CrashLayout.CounterKey) is { } stored ? CrashLayout.DecodeCounter(stored) : 0;
while (clock.Elapsed < lifetimeLimit)
{
    counter++;
    using var batch = store.CreateBatch();
    for (var i = 0; i < CrashLayout.KeysPerBatch; i++) batch.Put(CrashLayout.Values, CrashLayout.StateKey(i), CrashLayout.StateValue(counter, i));
    batch.Delete(CrashLayout.Markers, CrashLayout.MarkerKey(counter - 1));
    batch.Put(CrashLayout.Markers, CrashLayout.MarkerKey(counter), CrashLayout.EncodeCounter(counter));
    batch.Put(CrashLayout.Counter, CrashLayout.CounterKey, CrashLayout.EncodeCounter(counter));
    store.Write(batch);
    Console.WriteLine($"committed {counter}");
}
Console.Error.WriteLine($"stopping after {lifetimeLimit}: nobody killed this writer");
return 4;
