// Safran & Shamir's table, progressively (core/theory/spurious_table.h).
#include "core/theory/spurious_table.h"

#include <algorithm>
#include <cmath>

namespace optiscape::theory {

const std::vector<LectureRow>& lectureTable() {
    static const std::vector<LectureRow> rows{
        {6, 6, 0.3, 0.0047, 0.025},    {7, 7, 5.5, 0.014, 0.023},     {8, 8, 12.6, 0.021, 0.021},
        {9, 9, 21.8, 0.027, 0.02},     {10, 10, 34.6, 0.03, 0.022},   {11, 11, 45.5, 0.034, 0.022},
        {12, 12, 58.5, 0.035, 0.021},  {13, 13, 73, 0.037, 0.022},    {14, 14, 73.6, 0.038, 0.023},
        {15, 15, 80.3, 0.038, 0.024},  {16, 16, 85.1, 0.038, 0.027},  {17, 17, 89.7, 0.039, 0.027},
        {18, 18, 90, 0.039, 0.029},    {19, 19, 93.4, 0.038, 0.031},  {20, 20, 94, 0.038, 0.033},
        {8, 9, 0.1, 0.0059, 0.021},    {10, 11, 0.1, 0.0057, 0.018},  {11, 12, 0.1, 0.0056, 0.017},
        {12, 13, 0.3, 0.0054, 0.016},  {13, 14, 1.5, 0.0015, 0.038},  {14, 15, 5.5, 0.002, 0.033},
        {15, 16, 10.1, 0.004, 0.032},  {16, 17, 18, 0.0055, 0.031},   {17, 18, 20.9, 0.007, 0.031},
        {18, 19, 36.9, 0.0064, 0.028}, {19, 20, 49.1, 0.0077, 0.027},
    };
    return rows;
}

const LectureRow* lectureRow(int k, int n) {
    for (const LectureRow& r : lectureTable())
        if (r.k == k && r.n == n) return &r;
    return nullptr;
}

std::vector<RunEnd> spuriousChunk(const SpuriousTableSettings& s, int row, int begin, int end) {
    std::vector<RunEnd> out;
    const TeacherShape& shape = s.rows.at(static_cast<size_t>(row));
    const TeacherObjective obj{shape.k, shape.n};
    for (int r = begin; r < end; ++r)
        out.push_back(optimizeTeacher(obj, xavierStart(shape.k, shape.n, s.seed, static_cast<std::uint64_t>(r)), s.optimizer));
    return out;
}

double SpuriousRowTally::stderrFraction() const {
    if (done <= 0) return 0.0;
    const double f = fraction();
    return std::sqrt(f * (1 - f) / done);
}

void SpuriousRowTally::add(const RunEnd& e) {
    ++done;
    objectives.push_back(e.objective);
    types.push_back(e.type);
    if (e.type == EndPoint::Global) ++global;
    if (e.type == EndPoint::NotConverged) ++notConverged;
    if (e.type == EndPoint::Spurious) {
        ++spurious;
        sumMinEigenvalue += e.minEigenvalue;
        sumObjective += e.objective;
    }
}

SpuriousTableComputer::SpuriousTableComputer(SpuriousTableSettings settings) : s_(std::move(settings)) {
    if (s_.roundRuns < 1) s_.roundRuns = 1;
    for (const TeacherShape& r : s_.rows) {
        SpuriousRowTally t;
        t.k = r.k, t.n = r.n;
        rows_.push_back(t);
    }
    total_ = static_cast<int>(s_.rows.size()) * std::max(s_.runs, 0);
}

bool SpuriousTableComputer::nextJob(int* row, int* run) {
    const long R = s_.roundRuns, rows = static_cast<long>(s_.rows.size()), perRound = R * rows;
    if (rows == 0) return false;
    for (;; ++order_) {
        const long round = order_ / perRound, within = order_ % perRound;
        const long r = round * R + within % R;
        if (round * R >= s_.runs) return false;
        if (r >= s_.runs) continue;  // the last round is short
        *row = static_cast<int>(within / R);
        *run = static_cast<int>(r);
        ++order_;
        return true;
    }
}

std::vector<SpuriousChunk> spuriousChunks(const SpuriousTableSettings& s) {
    std::vector<SpuriousChunk> out;
    const int R = std::max(s.roundRuns, 1);
    for (int begin = 0; begin < s.runs; begin += R)
        for (int row = 0; row < static_cast<int>(s.rows.size()); ++row)
            out.push_back({row, begin, std::min(begin + R, s.runs)});
    return out;
}

void SpuriousTableComputer::supply(int row, const RunEnd& e, const MatX* point, double seconds) {
    if (row < 0 || row >= static_cast<int>(rows_.size()) || done()) return;
    SpuriousRowTally& t = rows_[static_cast<size_t>(row)];
    t.add(e);
    if (point && t.types.back() == EndPoint::Spurious) t.spuriousPoints.push_back(*point);
    t.seconds += seconds;
    seconds_ += seconds;
    ++finished_;
}

bool SpuriousTableComputer::advanceFor(double seconds) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
    auto lastMark = t0;
    auto charge = [&] {  // the time since the last mark goes to the current row
        const auto now = Clock::now();
        if (currentRow_ >= 0) rows_[static_cast<size_t>(currentRow_)].seconds += std::chrono::duration<double>(now - lastMark).count();
        lastMark = now;
    };
    bool first = true;
    while (!done() && (first || elapsed() < seconds)) {
        first = false;
        if (!current_) {
            if (!nextJob(&currentRow_, &currentRun_)) break;
            const TeacherShape& sh = s_.rows[static_cast<size_t>(currentRow_)];
            current_ = std::make_unique<TeacherDescent>(TeacherObjective{sh.k, sh.n},
                                                        xavierStart(sh.k, sh.n, s_.seed, static_cast<std::uint64_t>(currentRun_)),
                                                        s_.optimizer);
        }
        // A few steps between looks at the clock: one step of the largest rows costs ~10 µs.
        if (current_->advance(50)) {
            SpuriousRowTally& row = rows_[static_cast<size_t>(currentRow_)];
            row.add(current_->result());
            if (row.types.back() == EndPoint::Spurious) row.spuriousPoints.push_back(current_->point());
            charge();
            current_.reset();
            ++finished_;
        }
    }
    charge();
    seconds_ += elapsed();
    return done();
}

}  // namespace optiscape::theory
