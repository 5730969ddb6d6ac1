// Every failure ends here as one "error: ..." line and a non-zero exit code (CliApp); --verbose adds the details.
return await Hashmint.Node.Cli.CliApp.RunAsync(args);
