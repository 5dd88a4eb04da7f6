using BenchmarkDotNet.Running;

// Examples:
//   dotnet run -c Release --project bench/GoRtc.Benchmarks -- --filter '*'
//   dotnet run -c Release --project bench/GoRtc.Benchmarks -- --filter '*Codec*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>The entry point (its type anchors the assembly for the switcher).</summary>
internal sealed partial class Program;
