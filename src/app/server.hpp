// The local web workbench behind `reckon serve`: the programme's latest estimate as the view
// JSON, the page that draws it, analysts' reviews of claims (kept as history in the store) and
// a re-estimate job that runs in the background and swaps the new view in when it is done.
// Every change needs the start-up token; bodies are size-limited and validated; no route takes
// a file-system path from the request. The HTTP API is documented in docs/serve.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "programme_run.hpp"
#include "reckon/core/progress.hpp"

namespace reckon::app {

struct WorkbenchOptions {
    std::filesystem::path db;  // the evidence store: a SQLite file or a postgresql:// URI
    // The data folder: the estimate's files and the report a re-estimate writes (for a file
    // store, usually the store's own folder, as `reckon run` made it).
    std::filesystem::path data_dir;
    std::filesystem::path programme_file;  // the programme's TOML
    SamplingOptions sampling;              // for the start-up estimate and every re-estimate
    std::string token;                     // what X-Reckon-Token must carry for any change
    // Host header names answered besides loopback ones (lower case, no port): --allow-host.
    std::vector<std::string> allowed_hosts;
};

// Request bodies larger than this are refused with 413 (a review is a few hundred bytes).
inline constexpr std::size_t MAX_BODY_BYTES = 16 * 1024;

// 32 hex digits from the system's cryptographic random source. Throws Error if it fails.
std::string random_token();

// True for an address only this machine can reach (127.0.0.0/8, ::1, "localhost").
bool is_loopback_host(const std::string& host);

class Workbench {
public:
    // Opens the store and reads the programme; throws InputError/StoreError when they are bad.
    explicit Workbench(WorkbenchOptions options);
    ~Workbench();  // cancels a running job and waits for it
    Workbench(const Workbench&) = delete;
    Workbench& operator=(const Workbench&) = delete;

    // Estimates the programme once (with the store's reviews applied) so the view has a
    // result to show; nothing is written. `progress` returning false cancels (throws Error).
    void load(const core::ProgressFn& progress);
    // The same on a thread of its own, so the server answers meanwhile (the view says
    // "estimating", with the fraction done, until it is ready). If it fails, the server stops
    // and listen() throws its error.
    void load_in_background(core::ProgressFn progress);

    // Binds to host:port (port 0: any free port) and returns the port bound. Throws Error
    // when the address cannot be bound.
    int bind(const std::string& host, int port);
    // Serves until stop() is called; then cancels a running re-estimate and waits for it.
    // Throws the error of a first estimate (load_in_background) that failed.
    void listen();
    // Asks listen() to return. Safe from any thread (not from a signal handler).
    void stop();
    // Log lines that could not be written (stderr closed or full) and were dropped.
    std::uint64_t log_lines_dropped() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace reckon::app
