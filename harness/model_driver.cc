// Drives the model with Program steps (see model_driver.h): one model case
// per op of the vocabulary.
#include "model_driver.h"

#include <algorithm>
#include <cerrno>

#include <sut.h>

namespace lu {

std::array<int, 3> resolve_handles(const Step &s,
                                   const std::array<std::vector<int>, kNumHandleKinds> &handles) {
    const OpInfo &info = op_info(s.op);
    std::array<int, 3> a{0, 0, 0};
    for (int i = 0; i < info.nargs; i++) {
        if (!is_handle(info.args[i])) continue;
        const auto &list = handles[handle_kind_index(info.args[i])];
        a[i] = s.args[i] < list.size() ? list[s.args[i]] : -1;
    }
    return a;
}

int ModelDriver::handle(Arg kind, uint64_t idx) const {
    const auto &list = handles_[handle_kind_index(kind)];
    return idx < list.size() ? list[idx] : -1;
}

int ModelDriver::call(const Step &s, int part) {
    const std::array<int, 3> a = resolve_handles(s, handles_);
    if (part >= 0 && s.op == Op::dev_restore) return m_.dev_restore_part(a[0], part);
    if (part >= 0 && s.op == Op::unit_restore) return m_.unit_restore_part(a[0], part);
    const uint64_t x = s.args[1], y = s.args[2];
    switch (s.op) {
    case Op::file_open:
        return m_.file_open();
    case Op::unit_add:
        return m_.unit_add();
    case Op::dev_add:
        return m_.dev_add(a[0], uint32_t(x));
    case Op::domain_alloc:
        return m_.domain_alloc(a[0], true);
    case Op::domain_alloc_nolu:
        return m_.domain_alloc(a[0], false);
    case Op::domain_map:
        return m_.domain_map(a[0], x, y);
    case Op::domain_free:
        return m_.domain_free(a[0]);
    case Op::dev_attach:
        return m_.dev_attach(a[0], a[1]);
    case Op::domain_preserve:
        return m_.domain_preserve(a[0]);
    case Op::domain_unpreserve:
        return m_.domain_unpreserve(a[0]);
    case Op::dev_preserve:
        return m_.dev_preserve(a[0]);
    case Op::dev_unpreserve:
        return m_.dev_unpreserve(a[0]);
    case Op::domain_churn:
        return m_.domain_churn(a[0], x);
    case Op::dev_churn:
        return m_.dev_churn(a[0], x);
    case Op::file_preserve:
        return m_.file_preserve(a[0]);
    case Op::file_unpreserve:
        return m_.file_unpreserve(a[0]);
    case Op::kexec:
        return m_.kexec();
    case Op::unit_restore:
        return m_.unit_restore(a[0]);
    case Op::dev_restore:
        return m_.dev_restore(a[0]);
    case Op::file_retrieve:
        return m_.file_retrieve(a[0]);
    case Op::file_finish:
        return m_.file_finish(a[0]);
    }
    return -EINVAL;
}

std::vector<std::pair<int, int>> ModelDriver::part_ranges(const Step &s, bool finish_races) {
    int n = 1, per = 1; // parts, and parts per unit when finishes do not race
    if (s.op == Op::dev_restore) n = model::Model::kDevRestoreParts, per = 2;
    if (s.op == Op::unit_restore) n = model::Model::kUnitRestoreParts, per = n;
    if (n == 1 || (!finish_races && per == n)) return {{-1, -1}};
    std::vector<std::pair<int, int>> out;
    const int step = finish_races ? 1 : per;
    for (int first = 0; first < n; first += step) out.push_back({first, first + step - 1});
    return out;
}

ModelDriver::ModelDriver(bool luo_gen_a)
    : m_(model::Config{luo_gen_a, model::behaviour_of(sut::identity().rev)}) {}

Prediction ModelDriver::apply(const Step &s, const FaultPlan *plan, int part, int last) {
    Prediction p;
    // Fault calls count within the step, across its parts.
    std::array<uint32_t, LU_NR_SITES> *nth = &nth_;
    if (part < 0) {
        nth_ = {};
    } else {
        auto it = std::find_if(part_nth_.begin(), part_nth_.end(),
                               [&](const auto &e) { return e.first == &s; });
        if (it == part_nth_.end()) it = part_nth_.insert(part_nth_.end(), {&s, {}});
        if (part == 0) it->second = {};
        nth = &it->second;
    }
    m_.begin([nth, plan](model::Site site) {
        const int k = int(site);
        return plan && plan->decide(k, ++(*nth)[k]);
    });
    try {
        p.ret = call(s, part);
        for (int q = part + 1; q <= last && !p.ret; q++) p.ret = call(s, q);
    } catch (const model::Panic &) {
        p.panic = true;
    }
    p.fx = m_.end();
    record_handle(handles_, s, p.panic ? -1 : p.ret);
    return p;
}

} // namespace lu
