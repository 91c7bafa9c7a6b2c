using MetricStream.Host.Cli;

return await MetricStreamCli.Build().Parse(args).InvokeAsync();
