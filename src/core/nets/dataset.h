// Data sets for the small networks: seeded generators of TensorFlow Playground's and the lectures'
// two-input classification and regression sets, their CSV form (written and read back), the
// train/test split, the optional input features and the portable sine and cosine they rely on.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/params.h"

namespace optiscape::nets {

/// Samples for a network: n rows of `inputs` numbers (row-major) and a target per row.
struct Dataset {
    int inputs = 2;                 ///< columns x1..x_inputs
    int classes = 0;                ///< 0: regression (y real); C >= 2: y is the class index 0..C-1
    std::vector<double> x;          ///< size() * inputs, row-major
    std::vector<double> y;          ///< size()
    std::vector<std::string> columns;  ///< input column names, "x1", "x2", ... (or from a CSV header, minus y)
    int size() const { return static_cast<int>(y.size()); }
    double at(int row, int col) const { return x[size_t(row) * inputs + col]; }
};

/// A generated data set's description: name, what it teaches, whether it is regression, and its keys.
struct DatasetInfo {
    std::string name;    ///< "gaussian-mixture", "circles", "xor", "two-moons", "spiral", "plane", "sine"
    std::string title;   ///< e.g. "Two moons"
    std::string help;    ///< one or two sentences
    bool regression = false;
    std::vector<ParamSpec> params;  ///< its KEY=VALUE keys beyond n, noise, seed (with default, range, help)
    int defaultN = 200;
    double defaultNoise = 0.1;
};

/// The generated sets, in menu order. Every point is drawn from the seed alone:
///
///  - gaussian-mixture: `clusters` centres, on the circle of radius `spread` at angles
///    π/4 + 2πj/clusters (or, with random=1, uniform in the disc of radius `spread`, drawn first);
///    point i belongs to cluster i mod clusters and is its centre plus N(0, noise²·I); its class is
///    cluster mod `classes` (classes ≤ clusters; exactly balanced when classes divides clusters).
///  - circles: class 0 uniform (by area) in the disc r ≤ `inner`, class 1 uniform in the ring
///    inner + gap ≤ r ≤ inner + gap + 1.5 (TF Playground: 2.5, 1, 1.5); plus N(0, noise²·I).
///  - xor: |x1|, |x2| uniform in [gap, 5 + gap] (TF Playground's 0.3 padding), signs such that the
///    class is 1 where x1·x2 > 0 and 0 where x1·x2 < 0; plus N(0, noise²·I).
///  - two-moons: sklearn's make_moons with the angle t uniform in [0, π] — class 0 on
///    (cos t, sin t), class 1 on (1 − cos t, ½ − sin t) — centred by (½, ¼) and scaled by 3.5 into
///    about [−5.3, 5.3] × [−2.6, 2.6]; plus N(0, noise²·I) in the scaled units (noise 0.35 is
///    sklearn's noise = 0.1).
///  - spiral: arm a of `arms` (the class), position s uniform in [0, 1): radius 5s, angle
///    2π·turns·s + 2πa/arms, the point (r·sin θ, r·cos θ) as TF Playground; plus N(0, noise²·I).
///  - plane: x1, x2 uniform in [−6, 6], y = a·x1 + b·x2 + c + noise·ε (regression).
///  - sine: one input x1 uniform in [0, 1] (or the grid i/(n − 1) with grid=1), y = sin(2π·freq·x1)
///    + noise·ε (Bishop's PRML §1.1; Lecture 2's polynomial fitting).
///
/// For the classification sets `noise` moves the inputs (labels stay those of the clean point, so
/// noise blurs the boundary); for plane and sine it is the standard deviation of the noise in y.
/// Classification sets take class i mod C for point i (exact balance), except gaussian-mixture as
/// above, and the key flip ∈ [0, 0.5]: with that probability a label is replaced by one of the
/// other C − 1 classes, uniformly.
const std::vector<DatasetInfo>& datasets();          ///< in menu order
const DatasetInfo* findDataset(std::string_view name);

/// Stream ids (SplitMix64::stream(spec.seed, id)): the positions and noise of the points, and the
/// label flips — separate, so that flip changes labels only and noise changes offsets only (every
/// draw is made whatever the values, so n = 20 is a prefix of n = 37 and a slider moves the points
/// smoothly).
constexpr std::uint64_t kDatasetStream = 0x6E65747301ULL;  ///< "nets" 1: positions and noise
constexpr std::uint64_t kLabelFlipStream = 0x6E65747302ULL;  ///< "nets" 2: label noise
constexpr std::uint64_t kSplitStream = 0x6E65747303ULL;  ///< "nets" 3: splitDataset's shuffle

/// What to generate: name, n points, input noise sigma, seed, and values of the data set's own keys.
struct DatasetSpec {
    std::string name = "spiral";
    int n = 200;                   ///< -1: the data set's defaultN
    double noise = -1;             ///< -1: its defaultNoise
    std::uint64_t seed = 1;
    std::map<std::string, double> params;  ///< keys of DatasetInfo::params; absent ones take their default
};

/// Parses "spiral", or "spiral:n=400,noise=0.1,seed=3,arms=3" (n, noise, seed and the set's own keys);
/// nullopt and *error ("unknown data set 'x'; known: ...", "arms=7 is out of range; arms must be a whole number in [2, 3]",
/// "unknown key 'foo' for spiral; keys: n, noise, seed, arms, ...").
/// n and noise not given are the set's defaultN and defaultNoise; params holds the keys given.
/// seed is a whole number in [0, 2⁶⁴ − 1], read exactly.
std::optional<DatasetSpec> parseDatasetSpec(std::string_view text, std::string* error);
/// "spiral:n=400,noise=0.1,seed=3,arms=3" — the canonical text (keys that differ from the defaults only, n/noise/seed first).
std::string datasetSpecText(const DatasetSpec& spec);
/// Generates the data set: the same spec gives the same bytes natively and in wasm. Checks the spec
/// (n in [1, 100000], noise in [0, 10], keys in range); nullopt and *error otherwise.
/// Generation uses only + − × ÷, √, portableSin/portableCos and SplitMix64's portable normals.
std::optional<Dataset> generateDataset(const DatasetSpec& spec, std::string* error);

/// CSV with header "x1,x2,...,y" (the columns' names then y), one row per sample, numbers in the
/// shortest form that reads back exactly (17 significant digits are fine via formatNumber(v, 17) or
/// std::to_chars — but they must be the same text natively and in wasm), class indices as integers.
/// Here: the fewest significant digits of printf's %g (correctly rounded in glibc and musl alike)
/// that strtod reads back to the same double; "\n" after every row.
std::string datasetCsv(const Dataset& d);
/// Reads a CSV as the user drops it on the page or passes --data: a header row of names, the last
/// column is the target (named anything; y by convention); every other column an input. Whether it is
/// classification: every target a whole number in [0, 1000] and at most 20 distinct values, with
/// `classes` = max + 1; else regression. Accepts \n or \r\n, a trailing newline, spaces around fields.
/// Rejects with a clear one-line message (never a crash): empty text, a header only, a row with a
/// missing or extra column ("line 5: 2 fields, the header has 3"), text in a number ("line 3, column 2:
/// 'abc' is not a number"), non-finite numbers, fewer than 2 columns, a classification target with
/// only one class ("the target column has one class only (0); a classifier needs two or more").
/// Also: blank lines are skipped, a UTF-8 byte-order mark and double quotes around a field are
/// dropped, and a first line of numbers only is rejected as a missing header.
std::optional<Dataset> parseDatasetCsv(std::string_view text, std::string* error);

/// Train/test split: a seeded shuffle of 0..n-1 (Fisher–Yates with SplitMix64::below), the first
/// round(n*(1-testFraction)) indices for training (at least 1 unless n == 0), the rest for testing;
/// each list sorted ascending. testFraction in [0, 0.9] (clamped; NaN counts as 0).
/// The shuffle is SplitMix64::stream(seed, kSplitStream): for i = n − 1 down to 1, swap i with
/// below(i + 1).
struct Split { std::vector<int> train, test; };
Split splitDataset(int n, double testFraction, std::uint64_t seed);

/// TensorFlow Playground's optional input features of a two-input data set.
enum class Feature { X1, X2, X1Squared, X2Squared, X1X2, SinX1, SinX2 };
const std::vector<std::pair<Feature, std::string>>& featureNames();  ///< "x1","x2","x1^2","x2^2","x1*x2","sin(x1)","sin(x2)"
std::optional<Feature> parseFeature(std::string_view name);
/// A data set whose inputs are the chosen features of d's (d.inputs must be 2 for the non-identity features;
/// for a 1-input set, "powers" are handy: see polynomialFeatures). Column names are the feature names.
/// x1 and x2 are d's first two columns; a feature that needs a column d lacks (x2 of a 1-input
/// set) is left out. The targets and classes are d's; sin is portableSin.
Dataset withFeatures(const Dataset& d, const std::vector<Feature>& features);
/// For 1-D regression (sine): columns x, x^2, ..., x^degree (Lecture 2's polynomial fitting).
/// x is d's first column and the names are its name's powers ("x1", "x1^2", ... for sine);
/// degree is clamped to [1, 30]; powers by repeated multiplication.
Dataset polynomialFeatures(const Dataset& d, int degree);

/// sin and cos from + − × ÷ only (range reduction by 2π in two parts, Cody–Waite, then a Taylor or
/// minimax polynomial on [−π/4, π/4]): the same bits on every platform, accurate to ~1 ulp for |x| < 1e6.
///
/// Here: x = k·π/2 + r with k = ⌊x·2/π + ½⌋ and r carried as a head and a tail (fdlibm's
/// __ieee754_rem_pio2 for medium arguments: π/2 in 33-bit pieces, so k·piece is exact for
/// |k| < 2²⁰, a second and third piece only when the first cancels most of x), then by k mod 4
/// ±sin r or ±cos r from their Taylor series to r¹⁷ and r¹⁸ (the first neglected term is below
/// 2⁻⁶³ on |r| ≤ π/4 + ε). Beyond |x| ≈ 1.6e6 the reduction loses accuracy (still the same bits
/// everywhere); NaN for ±∞ and NaN.
double portableSin(double x);
double portableCos(double x);

}  // namespace optiscape::nets
