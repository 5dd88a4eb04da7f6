using System.Text;

namespace GoRtc.Cli;

/// <summary>A column of a <see cref="TextTable"/>; numbers read better right-aligned.</summary>
internal sealed record TextColumn(string Header, bool AlignRight = false);

/// <summary>
/// A plain-text table in the style of <c>docker ps</c>: a header row, columns as wide as their widest cell,
/// separated by two spaces, no trailing blanks (so output diffs and greps cleanly).
/// </summary>
internal sealed class TextTable
{
    private const string Gap = "  ";

    private readonly IReadOnlyList<TextColumn> _columns;
    private readonly List<string[]> _rows = [];

    public TextTable(params IReadOnlyList<TextColumn> columns)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        }

        _columns = columns;
    }

    public void AddRow(params IReadOnlyList<string> cells)
    {
        if (cells.Count != _columns.Count)
        {
            throw new ArgumentException($"Expected {_columns.Count} cells, got {cells.Count}.", nameof(cells));
        }

        _rows.Add([.. cells]);
    }

    /// <summary>The table, one line per row after the header, each ending in a newline.</summary>
    public string Render()
    {
        var widths = new int[_columns.Count];
        for (var c = 0; c < _columns.Count; c++)
        {
            widths[c] = _columns[c].Header.Length;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        var text = new StringBuilder();
        AppendLine(text, widths, [.. _columns.Select(column => column.Header)]);
        foreach (var row in _rows)
        {
            AppendLine(text, widths, row);
        }

        return text.ToString();
    }

    private void AppendLine(StringBuilder text, int[] widths, string[] cells)
    {
        var start = text.Length;
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                text.Append(Gap);
            }

            text.Append(_columns[c].AlignRight ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }

        // Left-aligned last cells leave padding behind; it is noise at the end of a line.
        var end = text.Length;
        while (end > start && text[end - 1] == ' ')
        {
            end--;
        }

        text.Length = end;
        text.Append(Environment.NewLine);
    }
}
