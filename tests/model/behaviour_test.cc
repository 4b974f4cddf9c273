// The model's behaviour per revision (model/behaviour.h): for each call whose
// outcome the later revision changed on purpose, the model predicts v2's
// outcome under v2's behaviour and the later one under the later behaviour;
// the revision names map to their behaviour.
#include <gtest/gtest.h>

#include <cerrno>

#include <model.h>

namespace lu::model {
namespace {

// Runs @op as one step of @m and gives its result and the WARNs it predicts.
template <typename F> std::pair<int, int> step(Model &m, F op) {
    m.begin(nullptr);
    const int r = op();
    return {r, m.end().warns};
}

struct World {
    Model m;
    int f, u, v, d;
    explicit World(const Behaviour &b) : m(Config{false, b}) {
        step(m, [&] { return f = m.file_open(); });
        step(m, [&] { return u = m.unit_add(); });
        step(m, [&] { return v = m.dev_add(u, 0x100); });
        step(m, [&] { return d = m.domain_alloc(f, true); });
        step(m, [&] { return m.dev_attach(v, d); });
    }
};

TEST(Behaviour, RevisionNamesPickTheirBehaviour) {
    EXPECT_EQ(behaviour_of("port").revision, "v2");
    EXPECT_EQ(behaviour_of("v2").revision, "v2");
    EXPECT_EQ(behaviour_of("later").revision, "later");
}

TEST(Behaviour, UnpreservingWhatIsNotPreservedWarnsOnlyInV2) {
    World v2(kBehaviourV2), later(kBehaviourLater);
    // No file preserved, so there is no FLB object.
    EXPECT_EQ(step(v2.m, [&] { return v2.m.domain_unpreserve(v2.d); }), std::make_pair(0, 1));
    EXPECT_EQ(step(later.m, [&] { return later.m.domain_unpreserve(later.d); }),
              std::make_pair(0, 0));
    EXPECT_EQ(step(v2.m, [&] { return v2.m.dev_unpreserve(v2.v); }), std::make_pair(0, 1));
    EXPECT_EQ(step(later.m, [&] { return later.m.dev_unpreserve(later.v); }),
              std::make_pair(0, 0));
    // With an FLB object, a device that is not preserved: v2 still WARNs.
    for (World *w : {&v2, &later})
        ASSERT_EQ(step(w->m, [&] { return w->m.file_preserve(w->f); }).first, 0);
    EXPECT_EQ(step(v2.m, [&] { return v2.m.dev_unpreserve(v2.v); }).second, 1);
    EXPECT_EQ(step(later.m, [&] { return later.m.dev_unpreserve(later.v); }).second, 0);
}

TEST(Behaviour, UnpreservingAnUnpreservableDomainWarnsOnlyInLater) {
    for (const Behaviour *b : {&kBehaviourV2, &kBehaviourLater}) {
        World w(*b);
        int nolu = -1;
        step(w.m, [&] { return nolu = w.m.domain_alloc(w.f, false); });
        EXPECT_EQ(step(w.m, [&] { return w.m.domain_unpreserve(nolu); }),
                  std::make_pair(0, b == &kBehaviourLater ? 1 : 0))
            << b->revision;
    }
}

TEST(Behaviour, DevicePreserveChecksInTheRevisionsOrder) {
    World v2(kBehaviourV2), later(kBehaviourLater);
    // No FLB object and the domain not preserved: v2 refuses the domain,
    // the later revision fails getting the object first.
    EXPECT_EQ(step(v2.m, [&] { return v2.m.dev_preserve(v2.v); }).first, -EINVAL);
    EXPECT_EQ(step(later.m, [&] { return later.m.dev_preserve(later.v); }).first, -ENOENT);
    for (World *w : {&v2, &later}) {
        ASSERT_EQ(step(w->m, [&] { return w->m.file_preserve(w->f); }).first, 0);
        ASSERT_EQ(step(w->m, [&] { return w->m.dev_preserve(w->v); }).first, 0);
    }
    // A second preservation of the device.
    EXPECT_EQ(step(v2.m, [&] { return v2.m.dev_preserve(v2.v); }).first, -EBUSY);
    EXPECT_EQ(step(later.m, [&] { return later.m.dev_preserve(later.v); }).first, -EINVAL);
}

} // namespace
} // namespace lu::model
