// Line spectra of the implementation: the series' own files (the port's
// drivers/iommu/liveupdate*.c, or a tree's liveupdate.c) are built with
// -fsanitize-coverage=trace-pc, so every basic block they enter calls
// __sanitizer_cov_trace_pc. While recording is on, each
// distinct block address is kept once, in the order first reached; taking
// the set empties it. Addresses become file:line and function through
// addr2line on the running binary (binutils), once per address.
#include "../sut.h"

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

namespace lu::sut {
namespace {

constexpr size_t kSlots = size_t(1) << 15; // open addressing, at most half full
uintptr_t g_table[kSlots];
std::vector<uintptr_t> g_order;
bool g_on = false;

void record(uintptr_t pc) {
    if (g_order.size() >= kSlots / 2) return;
    size_t h = size_t((pc >> 1) * 0x9e3779b97f4a7c15ull) >> (64 - 15);
    while (g_table[h] && g_table[h] != pc) h = (h + 1) & (kSlots - 1);
    if (g_table[h]) return;
    g_table[h] = pc;
    g_order.push_back(pc);
}

} // namespace

bool spectrum_available() { return LU_SPECTRUM != 0; }

void spectrum_record(bool on) {
    g_on = on;
    if (!on) spectrum_take();
}

std::vector<uintptr_t> spectrum_take() {
    std::vector<uintptr_t> out;
    out.swap(g_order);
    for (uintptr_t pc : out) {
        size_t h = size_t((pc >> 1) * 0x9e3779b97f4a7c15ull) >> (64 - 15);
        while (g_table[h] != pc) h = (h + 1) & (kSlots - 1);
        g_table[h] = 0;
    }
    return out;
}

namespace {

// The object file an address is in and the address addr2line wants for it
// (relative to the load base for a position-independent object).
bool object_of(uintptr_t pc, std::string *file, uintptr_t *rel) {
    Dl_info info{};
    if (!dladdr(reinterpret_cast<void *>(pc), &info) || !info.dli_fname) return false;
    const auto *ehdr = static_cast<const ElfW(Ehdr) *>(info.dli_fbase);
    *rel = ehdr->e_type == ET_DYN ? pc - uintptr_t(info.dli_fbase) : pc;
    *file = info.dli_fname;
    if (file->empty() || file->find('/') == std::string::npos) {
        char self[4096];
        const ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
        if (n <= 0) return false;
        *file = std::string(self, size_t(n));
    }
    return true;
}

} // namespace

std::vector<SourceLine> symbolize(const std::vector<uintptr_t> &pcs) {
    static std::map<uintptr_t, SourceLine> cache;
    std::map<std::string, std::vector<std::pair<uintptr_t, uintptr_t>>> todo; // file -> (pc, rel)
    for (uintptr_t pc : pcs) {
        std::string file;
        uintptr_t rel = 0;
        if (!cache.count(pc) && object_of(pc, &file, &rel)) todo[file].push_back({pc, rel});
    }
    for (const auto &[file, list] : todo) {
        // Addresses are written to a file, not the command line, so that a
        // large spectrum needs one run.
        char path[] = "/tmp/lu-spectrum-XXXXXX";
        const int fd = mkstemp(path);
        if (fd < 0) break;
        std::string in;
        for (const auto &e : list) {
            char buf[32];
            snprintf(buf, sizeof(buf), "0x%zx\n", size_t(e.second));
            in += buf;
        }
        const bool wrote = write(fd, in.data(), in.size()) == ssize_t(in.size());
        close(fd);
        std::string cmd = "addr2line -f -e '" + file + "' < " + path + " 2>/dev/null";
        std::unique_ptr<FILE, int (*)(FILE *)> out(wrote ? popen(cmd.c_str(), "r") : nullptr,
                                                   pclose);
        char line[4096];
        for (size_t k = 0; out && k < list.size(); k++) {
            SourceLine sl;
            if (!fgets(line, sizeof(line), out.get())) break;
            sl.func = std::string(line, strcspn(line, "\n"));
            if (!fgets(line, sizeof(line), out.get())) break;
            std::string where(line, strcspn(line, "\n"));
            const size_t colon = where.rfind(':');
            if (colon != std::string::npos) {
                sl.file = where.substr(0, colon);
                sl.line = atoi(where.c_str() + colon + 1);
            }
            if (sl.file == "??") sl.file.clear();
            cache[list[k].first] = sl;
        }
        unlink(path);
    }
    std::vector<SourceLine> res;
    res.reserve(pcs.size());
    for (uintptr_t pc : pcs) {
        auto it = cache.find(pc);
        res.push_back(it == cache.end() ? SourceLine{} : it->second);
    }
    return res;
}

} // namespace lu::sut

#if LU_SPECTRUM
extern "C" void __sanitizer_cov_trace_pc(void) {
    if (lu::sut::g_on) lu::sut::record(uintptr_t(__builtin_return_address(0)));
}
#endif
