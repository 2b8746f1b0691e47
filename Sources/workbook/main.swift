import Workbook

// The example runs in its own process group, out of reach of the terminal's
// Ctrl-C; these handlers pass an interrupt on to it.
ExampleRunner.stopExamplesOnInterrupt()
WorkbookCommand.main()
