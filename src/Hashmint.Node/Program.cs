// Return freed native memory promptly (the image encoder's large buffers) before anything allocates.
Hashmint.Node.Hosting.NativeHeap.Tune();
// Every failure ends here as one "error: ..." line and a non-zero exit code (CliApp); --verbose adds the details.
return await Hashmint.Node.Cli.CliApp.RunAsync(args);
