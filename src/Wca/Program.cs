return Wca.Cli.AgentCommand.Run(args);
