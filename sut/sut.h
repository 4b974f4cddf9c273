// The C++ face of the port: create independent simulated machines, run each
// operation of the live-update path on them, and observe what an oracle
// needs (chains, slots, the KHO ledger, back pointers, FLB counts, events).
// Nothing else reaches into sut/. Operations return a handle (>= 0), -errno,
// or kFatal when the machine died (BUG, panic, oops, reported misuse).
#pragma once

#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include <lu/bugs.h>
#include <lu/hooks.h>

struct lu_sut;

namespace lu::sut {

inline constexpr int kFatal = INT_MIN;

enum class Chain { domain, device, iommu };
inline constexpr Chain kChains[] = {Chain::domain, Chain::device, Chain::iommu};
const char *chain_name(Chain c);

// ABI facts, computed here from the record layouts (not from the port).
size_t record_size(Chain c);
size_t max_objs(Chain c);
inline constexpr size_t kPageSize = 4096;
inline constexpr size_t kArrayHeader = 16;

struct Event {
    lu_event_kind kind;
    int task;
    std::string msg;
};

struct PageView {
    uint64_t phys = 0;
    uint64_t next = 0;
    uint64_t nr_objects = 0;
    std::vector<uint8_t> bytes; // the whole 4 KiB page
};

struct ChainView {
    uint64_t head = 0;
    uint64_t tail = 0; // the FLB object's tail pointer, 0 when there is none
    std::vector<PageView> pages;
    std::string broken; // why the walk stopped early, empty when it did not
};

// A chain page without copying it; valid until the next operation.
struct PageRef {
    uint64_t phys = 0, next = 0, nr_objects = 0;
    const uint8_t *bytes = nullptr;
};

struct ChainRefs {
    uint64_t head = 0, tail = 0;
    bool incoming = false; // the previous kernel's chain (tail is the head then)
    std::vector<PageRef> pages;
    std::string broken;
};

struct FlbView {
    long out_count = 0;
    bool out_obj = false;
    uint64_t out_data = 0;
    bool has_incoming = false;
    long in_count = 0;
    bool retrieved = false;
    bool finished = false;
    uint64_t in_data = 0;
};

// A mutex the port named at a scheduling point: its name as mutex_init()
// spelled it ("&obj->lock"), and what it belongs to when the facade knows
// ('s' the LUO session; 'f' file, 'u' unit, 'v' device, with the port's
// handle). An empty name: not a mutex this world knows.
struct LockInfo {
    std::string name;
    char owner_kind = 0;
    int owner = -1;
};

struct Frame {
    uint64_t pfn;
    unsigned order;
    bool operator==(const Frame &) const = default;
};

// Memory the series' own code (drivers/iommu/liveupdate*.c) allocated or
// restored and has not freed: slab blocks and frames.
struct Held {
    unsigned long kmem = 0;
    unsigned long frames = 0;
    bool operator==(const Held &) const = default;
};

// The implementation under test: the built-in port ("port") or a kernel
// tree ("tree", with its path, revision, git describe and files' hash).
struct Identity {
    std::string kind, tree, rev, describe, hash;
    bool luo_gen_a; // the file calls LUO's generation-A API
};
const Identity &identity();
std::string identity_line(); // e.g. "tree /src/linux (rev v2, files 1a2b3c4d5e6f)"
// Modes the implementation imposes on every world (e.g. luo_gen_a for a
// tree written against generation A of LUO), OR-ed into every bug mask.
uint64_t mode_bugs();

// Bit mask of seeded bugs; names are those of LU_BUG_TABLE.
uint64_t bug_mask(std::initializer_list<lu_bug> bugs);
uint64_t bug_set_v2();
// Is seeded bug @bug's switch in the code this build runs? A kernel tree's
// build has only the switches outside the series' file; @why says why not.
bool bug_available(int bug, std::string *why);
// "fixed", "v2", or comma-separated bug names; false on an unknown name or
// one this build does not have (bug_available()).
// @any: accept every known name, for reading files (a `.lu` header names
// what its run needs; the run refuses what the build lacks).
bool parse_bugs(const std::string &spec, uint64_t *mask, std::string *error, bool any = false);
std::string errno_name(int err);

// Line spectra (spectrum.cc): with recording on, the addresses of the basic
// blocks of the series' own files that ran, each once, in the order first
// reached; spectrum_take() returns them and starts a new set.
// Builds without the instrumentation (the fuzzers') record nothing.
bool spectrum_available();
void spectrum_record(bool on);
std::vector<uintptr_t> spectrum_take();
struct SourceLine {
    std::string file; // as the compiler saw it; empty when unknown
    int line = 0;
    std::string func;
    bool operator<(const SourceLine &o) const {
        return file != o.file ? file < o.file : line < o.line;
    }
};
// The source line of each address (from the binary's debug information).
std::vector<SourceLine> symbolize(const std::vector<uintptr_t> &pcs);

class World {
  public:
    explicit World(uint64_t bugs = 0);
    ~World();
    World(const World &) = delete;
    World &operator=(const World &) = delete;

    void set_hooks(const lu_hooks &hooks);
    // Stop ASan from poisoning freed and lost frames (for deliberate misuse).
    static void set_asan_poison(bool on);

    // Hardware and the running kernel's objects.
    int unit_add();
    int dev_add(int unit, int segment, int bdf);
    int file_open();
    int domain_alloc(int file, bool live_update = true);
    int domain_map(int domain, uint64_t iova, uint64_t pages);
    int domain_free(int domain);
    int dev_attach(int dev, int domain);
    // The series, outgoing.
    int domain_preserve(int domain);
    int domain_unpreserve(int domain);
    int dev_preserve(int dev);
    int dev_unpreserve(int dev);
    // @n preserve + unpreserve pairs (slots are never reused, so each pair
    // takes a slot); stops at the first error and returns it.
    int domain_churn(int domain, uint64_t n);
    int dev_churn(int dev, uint64_t n);
    int file_preserve(int file);
    int file_unpreserve(int file);
    // Reboot into the next kernel, and its restore paths.
    int kexec();
    int unit_restore(int unit);
    int dev_restore(int dev);
    int file_retrieve(int file);
    int file_finish(int file);
    // Translation through a domain or a device's current domain (0: none).
    int translate(int domain, uint64_t iova, uint64_t *phys);
    int dev_translate(int dev, uint64_t iova, uint64_t *phys);
    static uint64_t map_target(int domain, uint64_t iova);

    // Observation.
    bool dead() const;
    unsigned boot() const;
    uint64_t bugs() const;
    std::vector<Event> events() const;
    unsigned events_total() const;
    unsigned events_of(lu_event_kind kind) const;
    unsigned long site_calls(lu_site site) const;
    unsigned long sched_points() const;
    FlbView flb() const;
    ChainView chain(Chain c) const;
    // The same walk, without copying pages (for per-step oracles).
    void chain_refs(Chain c, ChainRefs *out) const;
    size_t port_max_objs(Chain c) const;         // what the port computes (bugs apply)
    std::vector<Frame> preserved_frames() const; // outgoing ledger
    std::vector<Frame> incoming_frames() const;  // preserved before kexec, not restored
    // Their sizes, in O(1).
    unsigned long preserved_count() const;
    unsigned long incoming_count() const;
    unsigned long frames_live() const;
    unsigned long kmem_live() const;
    Held series_held() const; // O(1)
    // One line per allocation counted in series_held(), e.g. "a frame from
    // iommu_flb_retrieve() at drivers/iommu/liveupdate_flb.c:136".
    std::vector<std::string> series_allocations() const;
    // Physical address of the slot behind each back pointer, 0 when none.
    uint64_t domain_slot(int domain) const;
    uint64_t dev_slot(int dev) const;
    uint64_t unit_slot(int unit) const;
    bool domain_alive(int domain) const;
    int dev_domain(int dev) const;
    LockInfo lock_info(const void *obj) const; // no side effects

    lu_sut *raw() { return s_; }

  private:
    int call(int (*fn)(void *), int a = 0, int b = 0, int c = 0, uint64_t x = 0, uint64_t y = 0,
             uint64_t *out = nullptr);
    lu_sut *s_;
};

} // namespace lu::sut
