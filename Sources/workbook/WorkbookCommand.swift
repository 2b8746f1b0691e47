import ArgumentParser

/// `workbook`: read the chapters, run their examples, check what they print.
struct WorkbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "Learn multiprocessing in Swift: read the chapters, run their examples, check their output.",
        discussion: """
        Each chapter (Lessons/NN-slug/chapter.md) comes with an example program \
        (Lessons/NN-slug/Example, the product lesson-NN-slug). `workbook run` builds \
        and runs it, then checks its output and its process trace against the \
        `expect` blocks of the chapter. Your progress is kept in \
        .workbook-progress.json in the workbook folder.

        Examples:
          workbook                       list the chapters and how far you are
          workbook read 2                read chapter 2 (through a pager)
          workbook run processes         build, run and check chapter 2
          workbook check --repeat 5 --start-method all
                                         check every chapter, 5 times per start method
          workbook grade 1               grade your program for exercise 1
          workbook hint 1                the next hint of exercise 1
          workbook watch                 regrade your current exercise on every save
          workbook book --run            the whole course as a website, with real outputs
        """,
        subcommands: [ListCommand.self, ReadCommand.self, RunCommand.self, CheckCommand.self,
                      GradeCommand.self, HintCommand.self, SolutionCommand.self, ResetCommand.self, WatchCommand.self, BookCommand.self, DevCommand.self],
        defaultSubcommand: ListCommand.self
    )
}
