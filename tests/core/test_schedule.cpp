// Tests for src/core/schedule.cpp: each schedule's rate worked by hand, torch.optim.lr_scheduler's
// rate sequences (tests/data/torch_schedule_lrs_<family>.csv, written by tests/reference/make_torch_refs.py),
// warm-up, and the text form: parsing, errors naming what is allowed, and printing back.
#include <doctest/doctest.h>

#include <map>

#include "core/schedule.h"
#include "helpers.h"

using namespace optiscape;

namespace {

Schedule parsedSchedule(const std::string& text) {
    std::string err;
    const auto s = parseSchedule(text, &err);
    INFO(text, " -> ", err);
    REQUIRE(s.has_value());
    return *s;
}

std::string scheduleError(const std::string& text) {
    std::string err;
    return parseSchedule(text, &err) ? std::string() : err;
}

}  // namespace

TEST_CASE("schedules: the table and its declarations") {
    const auto& t = schedules();
    REQUIRE(t.size() == 5);
    std::vector<std::string> names;
    for (const ScheduleInfo& s : t) names.push_back(s.name);
    CHECK(names == std::vector<std::string>{"constant", "step", "exponential", "cosine", "cyclical"});
    for (const ScheduleInfo& s : t) {
        CAPTURE(s.name);
        CHECK(&scheduleInfo(s.kind) == &s);
        CHECK(!s.title.empty());
        CHECK(s.formula.find("γ_k") == 0);
        const Schedule d = defaultSchedule(s.kind);
        CHECK(d.kind == s.kind);
        CHECK(validate(d).empty());
        for (const ParamSpec& p : s.params) {
            CHECK(p.contains(p.def));
            CHECK(*scheduleParam(d, p.name) == p.def);
            CHECK(!p.help.empty());
            CHECK(!p.symbol.empty());
        }
        if (s.kind != ScheduleKind::Constant) CHECK(s.torch.find("torch.optim.lr_scheduler.") == 0);
    }
    CHECK(defaultSchedule(ScheduleKind::Step).gamma == 0.1);  // torch's StepLR default
    CHECK(defaultSchedule(ScheduleKind::Exponential).gamma == 0.99);
    CHECK(warmupSpec().isInteger);
    CHECK(warmupSpec().def == 0);
    CHECK(!scheduleParam(Schedule{}, "foo"));
}

TEST_CASE("each schedule's rate, worked by hand") {
    Schedule s;
    for (long k : {0L, 1L, 99L, 100000L}) CHECK(scheduledLr(s, 0.3, k) == 0.3);

    s = parsedSchedule("step:every=3,gamma=0.5");
    const double step[] = {0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1};
    for (int k = 0; k < 7; ++k) CHECK(scheduledLr(s, 0.4, k) == step[k]);

    s = parsedSchedule("exponential:gamma=0.5");
    CHECK(scheduledLr(s, 1.0, 0) == 1.0);
    CHECK(scheduledLr(s, 1.0, 3) == 0.125);

    // cosine T = 4, min 0.1, γ = 1.1: k = 2 is halfway (0.6), k = 4 the minimum, k = 8 the full
    // rate again (period 2T), k = 6 halfway back up
    s = parsedSchedule("cosine:period=4,min=0.1");
    CHECK(scheduledLr(s, 1.1, 0) == 1.1);
    CHECK(scheduledLr(s, 1.1, 2) == doctest::Approx(0.6).epsilon(1e-15));
    CHECK(scheduledLr(s, 1.1, 4) == doctest::Approx(0.1).epsilon(1e-15));
    CHECK(scheduledLr(s, 1.1, 6) == doctest::Approx(0.6).epsilon(1e-15));
    CHECK(scheduledLr(s, 1.1, 8) == doctest::Approx(1.1).epsilon(1e-15));
    CHECK(scheduledLr(s, 1.1, 5) == doctest::Approx(scheduledLr(s, 1.1, 3)).epsilon(1e-14));

    // cyclical low 0.1, high 0.5, period 8 (h = 4): 0.1 on step 1, up by 0.1 per step to 0.5 at
    // k = 4, down to 0.1 at k = 8, and again; the optimizer's own rate is not used
    s = parsedSchedule("cyclical:low=0.1,high=0.5,period=8");
    const double cyc[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.4, 0.3, 0.2, 0.1, 0.2};
    for (int k = 0; k < 10; ++k) CHECK(scheduledLr(s, 123.0, k) == doctest::Approx(cyc[k]).epsilon(1e-15));
    // an odd period: h = 3.5, the peak 0.5 falls between k = 3 and k = 4
    s.period = 7;
    CHECK(scheduledLr(s, 1, 3) == doctest::Approx(0.1 + 0.4 * 3 / 3.5).epsilon(1e-15));
    CHECK(scheduledLr(s, 1, 4) == doctest::Approx(0.1 + 0.4 * 3 / 3.5).epsilon(1e-15));
    CHECK(scheduledLr(s, 1, 7) == doctest::Approx(0.1).epsilon(1e-15));
}

TEST_CASE("warm-up multiplies by (k + 1)/K while k < K, in front of any schedule") {
    const Schedule w = parsedSchedule("warmup:steps=4");
    CHECK(w.kind == ScheduleKind::Constant);
    CHECK(w.warmup == 4);
    const double expect[] = {0.25, 0.5, 0.75, 1.0, 1.0, 1.0};
    for (int k = 0; k < 6; ++k) CHECK(scheduledLr(w, 2.0, k) == 2.0 * expect[k]);
    CHECK(parsedSchedule("constant:warmup=4").warmup == 4);

    for (const char* text : {"step:every=2,gamma=0.5,warmup=3", "cosine:period=10,min=0.01,warmup=5",
                             "cyclical:low=0.01,high=0.2,period=6,warmup=2", "exponential:gamma=0.9,warmup=1"}) {
        CAPTURE(text);
        Schedule s = parsedSchedule(text);
        const int K = s.warmup;
        Schedule plain = s;
        plain.warmup = 0;
        for (long k = 0; k < 20; ++k) {
            const double factor = k < K ? static_cast<double>(k + 1) / K : 1.0;
            CHECK(scheduledLr(s, 0.3, k) == doctest::Approx(factor * scheduledLr(plain, 0.3, k)).epsilon(1e-15));
        }
    }
}

TEST_CASE("the rates match torch.optim.lr_scheduler step by step") {
    std::vector<std::vector<std::string>> rows = {{"spec", "base_lr", "k", "lr"}};
    for (const char* family : {"step", "exponential", "cosine", "cyclical"}) {
        const auto part = testing::readCsv(std::string("torch_schedule_lrs_") + family + ".csv");
        REQUIRE(!part.empty());
        CHECK(part[0] == rows[0]);
        rows.insert(rows.end(), part.begin() + 1, part.end());
    }
    REQUIRE(rows.size() == 1 + 7 * 300);
    std::map<std::string, int> seen;
    double worst = 0;
    for (size_t r = 1; r < rows.size(); ++r) {
        std::string spec = rows[r][0];
        std::replace(spec.begin(), spec.end(), ';', ',');
        CAPTURE(spec);
        const Schedule s = parsedSchedule(spec);
        const double base = *parseNumber(rows[r][1]);
        const long k = std::stol(rows[r][2]);
        const double torch = *parseNumber(rows[r][3]);
        const double ours = scheduledLr(s, base, k);
        CAPTURE(k);
        // torch's StepLR, ExponentialLR and CosineAnnealingLR update the rate recursively (chainable
        // form), so their rounding errors accumulate: ~1e-14 relative after 300 steps; near the
        // cosine's zero the recursive ratio (1 + cos πk/T)/(1 + cos π(k−1)/T) loses digits, hence an
        // absolute allowance of 1e-13 of the base rate
        CHECK(testing::close(ours, torch, 1e-12, 1e-13 * base));
        worst = std::max(worst, std::abs(ours - torch) / std::max(std::abs(torch), 1e-300));
        ++seen[spec];
    }
    CHECK(seen.size() == 7);
    for (const auto& kv : seen) CHECK(kv.second == 300);
    MESSAGE("largest relative difference from torch's rates: " << worst);
}

TEST_CASE("parseSchedule: defaults, every form, and scheduleSpec reads back") {
    Schedule s = parsedSchedule("step");
    CHECK(s.kind == ScheduleKind::Step);
    CHECK(s.every == 50);
    CHECK(s.gamma == 0.1);
    s = parsedSchedule("exponential");
    CHECK(s.gamma == 0.99);
    s = parsedSchedule("cosine:period=200,min=0.001");
    CHECK(s.period == 200);
    CHECK(s.min == 0.001);
    s = parsedSchedule("cyclical:low=0.001,high=0.1,period=80");
    CHECK(s.low == 0.001);
    CHECK(s.high == 0.1);
    CHECK(s.period == 80);
    s = parsedSchedule("step:gamma=0.5,every=50");  // any order
    CHECK(s.every == 50);
    CHECK(s.gamma == 0.5);
    CHECK(parsedSchedule("constant").kind == ScheduleKind::Constant);

    CHECK(scheduleSpec(Schedule{}) == "constant");
    CHECK(scheduleSpec(parsedSchedule("step:every=50,gamma=0.5")) == "step:every=50,gamma=0.5");
    CHECK(scheduleSpec(parsedSchedule("step")) == "step:every=50,gamma=0.1");
    CHECK(scheduleSpec(parsedSchedule("warmup:steps=10")) == "warmup:steps=10");
    CHECK(scheduleSpec(parsedSchedule("constant:warmup=10")) == "warmup:steps=10");
    CHECK(scheduleSpec(parsedSchedule("cosine:warmup=10,period=200,min=0.001")) ==
          "cosine:period=200,min=0.001,warmup=10");
    CHECK(scheduleSpec(parsedSchedule("cyclical:period=80,high=0.1")) == "cyclical:low=0.001,high=0.1,period=80");
    // round trip with awkward numbers
    Schedule odd = defaultSchedule(ScheduleKind::Cyclical);
    odd.low = 0.1 + 0.2;
    odd.high = 1.0 / 3.0;
    odd.period = 77;
    odd.warmup = 9;
    const Schedule back = parsedSchedule(scheduleSpec(odd));
    CHECK(back.low == odd.low);
    CHECK(back.high == odd.high);
    CHECK(back.period == 77);
    CHECK(back.warmup == 9);
    CHECK(scheduleSpec(back) == scheduleSpec(odd));
}

TEST_CASE("parseSchedule errors say what is wrong and what is allowed") {
    const auto has = [](const std::string& text, const std::string& part) {
        const std::string err = scheduleError(text);
        CAPTURE(text);
        CAPTURE(err);
        CHECK(err.find(part) != std::string::npos);
        CHECK(err.find("; ") != std::string::npos);
    };
    has("foo", "unknown schedule 'foo'; schedules: constant, step, exponential, cosine, cyclical, warmup");
    has("", "empty schedule name");
    has("step:every=0", "every = 0 is out of range; every must be a whole number in [1, 1000000]");
    has("step:every=2.5", "every must be a whole number in [1, 1000000]");
    has("step:gamma=1.5", "gamma must be in [0, 1]");
    has("step:gamma=abc", "gamma = 'abc' is not a number; gamma must be in [0, 1]");
    has("step:foo=1", "unknown parameter 'foo' of schedule 'step'; its parameters: every, gamma, warmup");
    has("step:min=0.1", "unknown parameter 'min' of schedule 'step'");
    has("constant:gamma=0.5", "unknown parameter 'gamma' of schedule 'constant'; its parameters: warmup");
    has("step:every", "'every' in 'step:every' is not KEY=VALUE");
    has("step:", "is not KEY=VALUE");
    has("step:every=5,", "is not KEY=VALUE");
    has("step:every=5,every=6", "every given twice");
    has("cosine:period=0", "period must be a whole number in [1, 1000000]");
    has("cyclical:period=1", "period must be a whole number in [2, 1000000]");
    has("cyclical:low=0.5,high=0.1", "cyclical needs low <= high");
    has("warmup", "'warmup' needs its length; write warmup:steps=K");
    has("warmup:k=3", "unknown parameter 'k' of 'warmup'; its parameter: steps");
    has("warmup:steps=-1", "warmup must be a whole number in [0, 1000000]");
    has("cosine:warmup=1.5", "warmup must be a whole number");

    Schedule s;
    CHECK(setScheduleParam(s, "gamma", 0.5).find("unknown parameter 'gamma'") == 0);
    s.kind = ScheduleKind::Exponential;
    CHECK(setScheduleParam(s, "gamma", 0.5).empty());
    CHECK(s.gamma == 0.5);
    CHECK(!setScheduleParam(s, "gamma", std::nan("")).empty());
    s.kind = ScheduleKind::Cyclical;
    s.low = 1;
    s.high = 0.5;
    CHECK(validate(s).find("cyclical needs low <= high") == 0);
}
