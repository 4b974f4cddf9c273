// The nightly parent's side of the workers' pipes: reads their messages,
// merges their tallies and failures into the report, writes each reproducer
// as soon as it arrives, prints the progress line and refreshes report.json
// while the run goes on.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "nightly.h"

namespace lu::tools {

class Gatherer {
  public:
    Gatherer(NightlyReport &r, const NightlyOptions &o, double start);
    void add_worker(pid_t pid, int fd, unsigned index);
    bool running() const;
    // Wait up to @timeout seconds for messages; handle them; print progress.
    void poll_once(double timeout);
    // SIGTERM to every worker; those still there after a grace period are killed.
    void stop_workers();
    // Reap the workers (a worker that died by a signal, or exited non-zero,
    // goes into the report as failed), print the last progress line and the
    // failures, write the reports; false when they could not be written.
    bool finish();

  private:
    struct Worker {
        pid_t pid;
        int fd;
        unsigned index;
        std::string buf;
        bool done = false;
        bool killed = false; // by the parent, after the grace period of a stop
    };
    void handle(Worker &w);
    bool take_message(Worker &w);
    void on_failure(const std::vector<std::string> &f, const std::string &text);
    void progress(bool last);

    NightlyReport &r_;
    const NightlyOptions &o_;
    double start_, last_progress_ = 0, last_report_ = 0, every_, stop_at_ = 0;
    bool tty_;
    std::vector<Worker> workers_;
};

} // namespace lu::tools
