// The C++ facade over the C machine: each operation enters the world through
// lu_world_enter() (so fatal events come back as kFatal), and observation
// reads the port's state without side effects (no fault sites, no hooks).
#include "../sut.h"

#include <cstring>

extern "C" {
#include <linux/mm.h>
#include <lu/facade.h>
#include <lu/luo.h>
#include <lu/series.h>

#include "../drivers/iommu/iommufd_lu.h"
#include "../drivers/iommu/mock_iommu.h"

void *lu_phys_peek(phys_addr_t phys);
extern bool lu_asan_poison_enabled;
}

namespace lu::sut {

const char *chain_name(Chain c) {
    switch (c) {
    case Chain::domain:
        return "domain";
    case Chain::device:
        return "device";
    case Chain::iommu:
        return "iommu";
    }
    return "?";
}

size_t record_size(Chain c) { return lu_series_record_size(static_cast<lu_series_chain>(c)); }

size_t max_objs(Chain c) { return (kPageSize - kArrayHeader) / record_size(c); }

World::World(uint64_t bugs) : s_(lu_sut_create(bugs | mode_bugs())) {
    if (!s_) throw std::bad_alloc();
}

World::~World() { lu_sut_destroy(s_); }

void World::set_hooks(const lu_hooks &hooks) { s_->w->hooks = hooks; }

void World::set_asan_poison(bool on) { lu_asan_poison_enabled = on; }

int World::call(int (*fn)(void *), int a, int b, int c, uint64_t x, uint64_t y, uint64_t *out) {
    lu_op_args args{};
    args.s = s_;
    args.a = a;
    args.b = b;
    args.c = c;
    args.x = x;
    args.y = y;
    int ret = lu_world_enter(s_->w, fn, &args);
    if (out) *out = args.out;
    return ret;
}

int World::unit_add() { return call(lu_op_unit_add); }
int World::dev_add(int unit, int segment, int bdf) {
    return call(lu_op_dev_add, unit, segment, bdf);
}
int World::file_open() { return call(lu_op_file_open); }
int World::domain_alloc(int file, bool live_update) {
    return call(lu_op_domain_alloc, file, live_update);
}
int World::domain_map(int domain, uint64_t iova, uint64_t pages) {
    return call(lu_op_domain_map, domain, 0, 0, iova, pages);
}
int World::domain_free(int domain) { return call(lu_op_domain_free, domain); }
int World::dev_attach(int dev, int domain) { return call(lu_op_dev_attach, dev, domain); }
int World::domain_preserve(int domain) { return call(lu_op_domain_preserve, domain); }
int World::domain_unpreserve(int domain) { return call(lu_op_domain_unpreserve, domain); }
int World::dev_preserve(int dev) { return call(lu_op_dev_preserve, dev); }
int World::dev_unpreserve(int dev) { return call(lu_op_dev_unpreserve, dev); }
int World::domain_churn(int domain, uint64_t n) {
    for (uint64_t i = 0; i < n; i++) {
        if (int r = domain_preserve(domain)) return r;
        if (int r = domain_unpreserve(domain)) return r;
    }
    return 0;
}
int World::dev_churn(int dev, uint64_t n) {
    for (uint64_t i = 0; i < n; i++) {
        if (int r = dev_preserve(dev)) return r;
        if (int r = dev_unpreserve(dev)) return r;
    }
    return 0;
}
int World::file_preserve(int file) { return call(lu_op_file_preserve, file); }
int World::file_unpreserve(int file) { return call(lu_op_file_unpreserve, file); }
int World::kexec() { return call(lu_op_kexec); }
int World::unit_restore(int unit) { return call(lu_op_unit_restore, unit); }
int World::dev_restore(int dev) { return call(lu_op_dev_restore, dev); }
int World::file_retrieve(int file) { return call(lu_op_file_retrieve, file); }
int World::file_finish(int file) { return call(lu_op_file_finish, file); }
int World::translate(int domain, uint64_t iova, uint64_t *phys) {
    return call(lu_op_translate, domain, 0, 0, iova, 0, phys);
}
int World::dev_translate(int dev, uint64_t iova, uint64_t *phys) {
    return call(lu_op_dev_translate, dev, 0, 0, iova, 0, phys);
}
uint64_t World::map_target(int domain, uint64_t iova) { return lu_map_target(domain, iova); }

bool World::dead() const { return s_->w->dead; }
unsigned World::boot() const { return s_->w->boot; }
uint64_t World::bugs() const { return s_->w->bugs; }

std::vector<Event> World::events() const {
    const lu_world *w = s_->w;
    std::vector<Event> out;
    unsigned n = w->nr_events < LU_MAX_EVENTS ? w->nr_events : LU_MAX_EVENTS;
    for (unsigned i = 0; i < n; i++)
        out.push_back({w->events[i].kind, w->events[i].task, w->events[i].msg});
    return out;
}

unsigned World::events_total() const { return s_->w->nr_events; }
unsigned World::events_of(lu_event_kind kind) const { return s_->w->nr_by_kind[kind]; }
unsigned long World::site_calls(lu_site site) const { return s_->w->site_calls[site]; }
unsigned long World::sched_points() const { return s_->w->sched_points; }

namespace {

// Runs @fn with the world current, for observers that need its tables.
template <typename F> auto with_world(lu_world *w, F fn) {
    lu_world *prev = lu_cur;
    lu_cur = w;
    auto r = fn();
    lu_cur = prev;
    return r;
}

const luo_flb_state *iommu_flb_state(lu_world *w) {
    return with_world(
        w, [] { return static_cast<const luo_flb_state *>(luo_flb_find(lu_series_flb())); });
}

} // namespace

FlbView World::flb() const {
    FlbView v;
    const luo_flb_state *st = iommu_flb_state(s_->w);
    if (!st) return v;
    v.out_count = st->out.count;
    v.out_obj = st->out.obj != nullptr;
    v.out_data = st->out.data;
    v.has_incoming = st->has_incoming;
    v.in_count = st->in.count;
    v.retrieved = st->in.retrieved;
    v.finished = st->in.finished;
    v.in_data = st->in.data;
    return v;
}

void World::chain_refs(Chain c, ChainRefs *view) const {
    view->head = view->tail = 0;
    view->incoming = false;
    view->pages.clear();
    view->broken.clear();
    const luo_flb_state *st = iommu_flb_state(s_->w);
    if (!st) return;
    const void *obj = nullptr;
    uint64_t data = 0;
    if (st->out.obj) {
        obj = st->out.obj;
        data = st->out.data;
    } else if (st->has_incoming && !st->in.finished) {
        obj = st->in.obj;
        data = st->in.data;
        view->incoming = true;
    }
    if (!data) return;
    with_world(s_->w, [&] {
        const void *ser = lu_phys_peek(data);
        if (!ser) {
            view->broken = "FLB data page is not mapped";
            return 0;
        }
        const auto chain = static_cast<lu_series_chain>(c);
        view->head = lu_series_chain_head(ser, chain);
        const void *tail = obj ? lu_series_chain_array(obj, chain) : nullptr;
        uint64_t phys = view->head;
        while (phys) {
            if (view->pages.size() > 100000) {
                view->broken = "chain does not end (cycle?)";
                break;
            }
            auto *p = static_cast<const uint8_t *>(lu_phys_peek(phys));
            if (!p || (phys & (kPageSize - 1))) {
                view->broken = "chain page " + std::to_string(phys) + " is not mapped";
                break;
            }
            uint64_t next, nr;
            std::memcpy(&next, p + LU_SERIES_ARRAY_NEXT, sizeof(next));
            std::memcpy(&nr, p + LU_SERIES_ARRAY_NR, sizeof(nr));
            if (p == tail) view->tail = phys;
            view->pages.push_back({phys, next, nr, p});
            phys = next;
        }
        if (tail && !view->tail) {
            unsigned long pfn = lu_virt_to_pfn(tail);
            view->tail = pfn ? static_cast<uint64_t>(pfn) << PAGE_SHIFT : 1;
        }
        return 0;
    });
}

ChainView World::chain(Chain c) const {
    ChainRefs refs;
    chain_refs(c, &refs);
    ChainView view;
    view.head = refs.head;
    view.tail = refs.tail;
    view.broken = refs.broken;
    for (const PageRef &r : refs.pages) {
        PageView pv;
        pv.phys = r.phys;
        pv.next = r.next;
        pv.nr_objects = r.nr_objects;
        pv.bytes.assign(r.bytes, r.bytes + kPageSize);
        view.pages.push_back(std::move(pv));
    }
    return view;
}

size_t World::port_max_objs(Chain c) const {
    return with_world(s_->w, [c] { return lu_series_max_objs(static_cast<lu_series_chain>(c)); });
}

std::vector<Frame> World::preserved_frames() const {
    return with_world(s_->w, [this] {
        std::vector<Frame> out;
        for (unsigned long pfn = lu_mem_first_pfn(); pfn < s_->w->mem.next_pfn; pfn++) {
            const page *p = lu_pfn_to_page(pfn);
            if (p->lu_kho) out.push_back({pfn, unsigned(p->lu_kho - 1)});
        }
        return out;
    });
}

std::vector<Frame> World::incoming_frames() const {
    return with_world(s_->w, [this] {
        std::vector<Frame> out;
        for (unsigned long pfn = lu_mem_first_pfn(); pfn < s_->w->mem.next_pfn; pfn++) {
            const page *p = lu_pfn_to_page(pfn);
            if (p->lu_state == LU_FRAME_INCOMING && p->lu_marker)
                out.push_back({pfn, unsigned(p->lu_marker - 1)});
        }
        return out;
    });
}

unsigned long World::preserved_count() const { return s_->w->mem.kho_marked; }
unsigned long World::incoming_count() const { return s_->w->mem.kho_incoming; }
unsigned long World::frames_live() const { return s_->w->mem.frames_live; }
unsigned long World::kmem_live() const { return s_->w->kmem_live; }

Held World::series_held() const { return {s_->w->series_kmem, s_->w->mem.series_frames}; }

namespace {

// "fn() at drivers/iommu/file.c:12", the path from its kernel-tree root.
std::string site_text(const lu_alloc_site *at) {
    const char *file = std::strstr(at->file, "drivers/");
    return std::string(at->func) + "() at " + (file ? file : at->file) + ":" +
           std::to_string(at->line);
}

} // namespace

std::vector<std::string> World::series_allocations() const {
    std::vector<std::string> out;
    auto block = [](void *ctx, const lu_alloc_site *at, size_t size) {
        if (lu_site_in_series(at))
            static_cast<std::vector<std::string> *>(ctx)->push_back(
                "a slab block of " + std::to_string(size) + " bytes from " + site_text(at));
    };
    lu_kmem_for_each(s_->w, block, &out);
    with_world(s_->w, [&] {
        for (unsigned long pfn = lu_mem_first_pfn(); pfn < s_->w->mem.next_pfn; pfn++) {
            const page *p = lu_pfn_to_page(pfn);
            if (p->lu_state == LU_FRAME_ALLOCATED && lu_site_in_series(p->lu_site))
                out.push_back("frame " + std::to_string(pfn) + " (order " +
                              std::to_string(p->lu_order) + ") from " + site_text(p->lu_site));
        }
        return 0;
    });
    return out;
}

namespace {
uint64_t slot_phys(lu_world *w, const void *slot) {
    if (!slot) return 0;
    return with_world(w, [slot] {
        unsigned long pfn = lu_virt_to_pfn(slot);
        if (!pfn) return uint64_t(1); // not in the direct map: never a real slot
        return (uint64_t(pfn) << PAGE_SHIFT) | (uintptr_t(slot) & (PAGE_SIZE - 1));
    });
}
} // namespace

uint64_t World::domain_slot(int d) const {
    if (!domain_alive(d)) return 0;
    return slot_phys(s_->w, s_->doms[d].md->domain.preserved_state);
}

uint64_t World::dev_slot(int v) const {
    if (v < 0 || unsigned(v) >= s_->nr_devs) return 0;
    return slot_phys(s_->w, s_->devs[v].md->dev_iommu.device_ser);
}

uint64_t World::unit_slot(int u) const {
    if (u < 0 || unsigned(u) >= s_->nr_units) return 0;
    return slot_phys(s_->w, s_->units[u].mi->iommu.outgoing_preserved_state);
}

bool World::domain_alive(int d) const {
    return d >= 0 && unsigned(d) < s_->nr_doms && s_->doms[d].md;
}

int World::dev_domain(int v) const {
    if (v < 0 || unsigned(v) >= s_->nr_devs) return -1;
    return s_->devs[v].domain;
}

LockInfo World::lock_info(const void *obj) const {
    // Mutexes that outlive a kexec are no longer in the world's registry.
    const lu_world *w = s_->w;
    auto named = [](const struct mutex *m, char kind, int owner) {
        return LockInfo{m->name ? m->name : "", kind, owner};
    };
    if (!obj) return {};
    if (obj == w->luo_session_lock) return named(w->luo_session_lock, 's', -1);
    for (unsigned i = 0; i < s_->nr_files; i++)
        if (s_->files[i].ctx && &s_->files[i].ctx->lock == obj)
            return named(&s_->files[i].ctx->lock, 'f', int(i));
    for (unsigned i = 0; i < s_->nr_units; i++)
        if (s_->units[i].probe_lock == obj) return named(s_->units[i].probe_lock, 'u', int(i));
    for (unsigned i = 0; i < s_->nr_devs; i++)
        if (s_->devs[i].probe_lock == obj) return named(s_->devs[i].probe_lock, 'v', int(i));
    for (unsigned i = 0; i < w->nr_mutexes; i++)
        if (w->mutexes[i] == obj) return named(w->mutexes[i], 0, -1);
    return {};
}

} // namespace lu::sut
