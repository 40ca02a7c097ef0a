// LeakSanitizer's built-in suppressions for the sanitizer builds (SENDCHECK_SANITIZE,
// SENDCHECK_FUZZ) of the programs that link cpprestsdk. Compiled into the program itself, so they
// hold however the program is started (tests start it with a clean environment, without
// LSAN_OPTIONS).
//
// cpprestsdk's pplx thread pool is a process-wide singleton whose threads are never joined: a
// chore it queued (the completion of a reply just sent, say) and that has not run when the
// process exits is never freed, and LeakSanitizer reports it (seen in 1 of 12 runs of
// `sendcheck serve` stopped by SIGTERM right after a reply). Our own in-flight replies are
// awaited by CpprestServer::stop(); what is left is inside the library.

// The sanitizer runtime looks this function up by name (sanitizer/lsan_interface.h).
// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming)
extern "C" const char* __lsan_default_suppressions() { return "leak:libcpprest.so\n"; }
