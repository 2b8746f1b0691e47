/// The workbook: chapters read from Markdown, their examples built and run,
/// and their output checked against the expectations the chapter states.
public enum Workbook {}
