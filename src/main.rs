fn main() -> std::process::ExitCode {
    parlance::cli::main()
}
