return Wca.Host.Cli.AgentCommand.Run(args);
