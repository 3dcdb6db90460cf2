// The network panel: what the network learns from (data set and its settings, or the user's CSV),
// which inputs it sees (features), its shape (hidden layers with + / −), activation, loss,
// initialisation and seed, and the held-out test samples with early stopping. Every change goes
// through setNetwork(), which restarts the runs from the new initial weights.
#include <algorithm>
#include <string>

#include "app/panels.h"
#include "app/widgets.h"

namespace optiscape::app {

namespace {

/// Applies a changed spec; a spec that does not fit leaves the network as it was and says why.
void apply(AppState& s, const nets::NetSpec& spec) {
    const std::string err = setNetwork(s, spec);
    if (!err.empty()) {
        s.notice = err;
        s.noticeUntil = ImGui::GetTime() + 6.0;
    }
}

ParamSpec makeSpec(const char* name, const char* symbol, double def, double min, double max, const char* help,
               bool integer = false, bool logScale = false) {
    ParamSpec p;
    p.name = name;
    p.symbol = symbol;
    p.def = def;
    p.min = min;
    p.max = max;
    p.help = help;
    p.isInteger = integer;
    p.logScale = logScale;
    return p;
}

const char* initTitle(nets::InitKind k) {
    switch (k) {
        case nets::InitKind::Xavier: return "Xavier (Glorot normal)";
        case nets::InitKind::XavierUniform: return "Xavier uniform";
        case nets::InitKind::LeCun: return "LeCun normal";
        case nets::InitKind::He: return "He (Kaiming) normal";
        case nets::InitKind::Normal: return "Normal, σ of your choice";
        case nets::InitKind::Zeros: return "Zeros";
    }
    return "";
}

}  // namespace

void drawNetworkPanel(AppState& s, const Fonts& fonts, float scale) {
    (void)scale;
    nets::NetSpec spec = s.net.spec;
    const float fs = ImGui::GetFontSize();
    sectionHeading("DATA");
    const nets::DatasetInfo* info = nets::findDataset(spec.data.name);
    const std::string current = spec.userData ? "Your data: " + s.net.userDataName : info ? info->title : spec.data.name;
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##dataset", current.c_str())) {
        for (const nets::DatasetInfo& d : nets::datasets()) {
            if (ImGui::Selectable(d.title.c_str(), !spec.userData && d.name == spec.data.name)) {
                nets::NetSpec next = spec;
                next.userData = false;
                next.data = nets::DatasetSpec{};
                next.data.name = d.name;
                next.data.n = d.defaultN;
                next.data.noise = d.defaultNoise;
                next.loss.reset();
                if (d.name == "sine") next.features.clear(), next.polyDegree = 0;
                apply(s, next);
                spec = s.net.spec;
            }
            tooltip(d.help);
        }
        if (s.net.userData && ImGui::Selectable(("Your data: " + s.net.userDataName).c_str(), spec.userData)) {
            nets::NetSpec next = spec;
            next.userData = true;
            next.loss.reset();
            apply(s, next);
            spec = s.net.spec;
        }
        ImGui::EndCombo();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    if (!spec.userData && info) ImGui::TextWrapped("%s", info->help.c_str());
    ImGui::PushFont(fonts.small);
    ImGui::TextWrapped("Drop a CSV file (columns x1, x2, …, y) onto the page to train on your own data.");
    ImGui::PopFont();
    ImGui::PopStyleColor();
    if (!spec.userData && info) {
        bool changed = false;
        double n = spec.data.n, noise = spec.data.noise, seed = static_cast<double>(spec.data.seed);
        changed |= paramSlider(makeSpec("n", "N", info->defaultN, 2, 2000, "Number of samples.", true), n, "samples");
        changed |= paramSlider(makeSpec("noise", "σ", info->defaultNoise, 0, info->regression ? 2.0 : 3.0,
                                    info->regression ? "Standard deviation of the noise added to the targets."
                                                     : "Standard deviation of the noise added to every input point."),
                               noise, "noise");
        for (const ParamSpec& p : info->params) {
            double v = spec.data.params.count(p.name) ? spec.data.params.at(p.name) : p.def;
            if (paramSlider(p, v)) {
                spec.data.params[p.name] = v;
                changed = true;
            }
        }
        changed |= paramSlider(makeSpec("dataSeed", "", 1, 0, 999, "Seed of the generated samples.", true), seed, "data seed");
        if (changed) {
            spec.data.n = static_cast<int>(n);
            spec.data.noise = noise;
            spec.data.seed = static_cast<std::uint64_t>(seed);
            apply(s, spec);
            spec = s.net.spec;
        }
    }

    // inputs the network sees
    const int rawInputs = s.net.prepared.data.inputs;
    if (rawInputs == 2) {
        sectionHeading("INPUT FEATURES");
        bool changed = false;
        const auto& names = nets::featureNames();
        std::vector<nets::Feature> chosen = spec.features;
        if (chosen.empty()) chosen = {nets::Feature::X1, nets::Feature::X2};
        for (size_t i = 0; i < names.size(); ++i) {
            bool on = std::find(chosen.begin(), chosen.end(), names[i].first) != chosen.end();
            if (i % 4) ImGui::SameLine();
            if (ImGui::Checkbox(names[i].second.c_str(), &on)) {
                changed = true;
                if (on) chosen.push_back(names[i].first);
                else chosen.erase(std::remove(chosen.begin(), chosen.end(), names[i].first), chosen.end());
            }
        }
        tooltip("The network's inputs, computed from x1 and x2 (TensorFlow Playground's features): with x1², x2² "
                "one neuron separates a disc, with x1·x2 the xor pattern.");
        if (changed && !chosen.empty()) {
            std::sort(chosen.begin(), chosen.end());
            spec.features = chosen == std::vector<nets::Feature>{nets::Feature::X1, nets::Feature::X2}
                                ? std::vector<nets::Feature>{}
                                : chosen;
            apply(s, spec);
            spec = s.net.spec;
        }
    } else if (rawInputs == 1) {
        sectionHeading("INPUT FEATURES");
        double degree = spec.polyDegree;
        if (paramSlider(makeSpec("poly", "D", 0, 0, 15,
                             "Polynomial features x, x², …, x^D as inputs (0: x alone). A linear network (no hidden "
                             "layer) on them is polynomial fitting: high D over-fits few noisy points (Lecture 2).",
                             true),
                        degree, "polynomial degree")) {
            spec.polyDegree = static_cast<int>(degree);
            apply(s, spec);
            spec = s.net.spec;
        }
    }

    sectionHeading("NETWORK");
    std::vector<int> arch = s.net.prepared.model.widths;
    ImGui::Text("%s   ·   %d parameters", nets::architectureText(arch).c_str(), s.net.prepared.model.parameterCount());
    bool archChanged = false;
    for (size_t l = 1; l + 1 < arch.size(); ++l) {
        ImGui::PushID(static_cast<int>(l));
        ImGui::AlignTextToFramePadding();
        ImGui::Text("hidden layer %zu", l);
        ImGui::SameLine(fs * 7.5f);
        if (ImGui::SmallButton("−") && arch[l] > 1) arch[l] = arch[l] > 8 ? arch[l] / 2 : arch[l] - 1, archChanged = true;
        tooltip("fewer neurons in this layer");
        ImGui::SameLine();
        ImGui::Text("%3d", arch[l]);
        ImGui::SameLine();
        if (ImGui::SmallButton("+") && arch[l] < 256) arch[l] = arch[l] >= 8 ? std::min(arch[l] * 2, 256) : arch[l] + 1, archChanged = true;
        tooltip("more neurons in this layer");
        ImGui::SameLine();
        if (ImGui::SmallButton("remove")) arch.erase(arch.begin() + static_cast<long>(l)), archChanged = true;
        ImGui::PopID();
        if (archChanged) break;
    }
    if (!archChanged && arch.size() < 12 && ImGui::Button("+ hidden layer")) {
        arch.insert(arch.end() - 1, arch.size() > 2 ? arch[arch.size() - 2] : 4);
        archChanged = true;
    }
    if (archChanged) {
        spec.arch = arch;
        apply(s, spec);
        spec = s.net.spec;
    }

    // activation, loss, initialisation
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("activation");
    ImGui::SameLine(fs * 6.5f);
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##activation", nets::activationName(spec.activation))) {
        for (nets::Activation a : nets::activations())
            if (ImGui::Selectable(nets::activationName(a), a == spec.activation)) {
                spec.activation = a;
                apply(s, spec);
                spec = s.net.spec;
            }
        ImGui::EndCombo();
    }
    tooltip("After every hidden layer: tanh, relu (max(0, z)), leaky-relu (slope 0.01 below 0), sigmoid, softplus "
            "ln(1 + eᶻ), linear (none: a deep linear network). As torch.nn.");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("loss");
    ImGui::SameLine(fs * 6.5f);
    ImGui::SetNextItemWidth(-1.0f);
    const nets::LossKind lossNow = s.net.prepared.model.loss;
    if (ImGui::BeginCombo("##loss", nets::lossName(lossNow))) {
        for (nets::LossKind l : {nets::LossKind::MSE, nets::LossKind::BCE, nets::LossKind::CE})
            if (ImGui::Selectable(nets::lossName(l), l == lossNow)) {
                spec.loss = l;
                apply(s, spec);
                spec = s.net.spec;
            }
        ImGui::EndCombo();
    }
    tooltip("As torch, mean over the samples: mse = MSELoss, bce = BCEWithLogitsLoss (the sigmoid is inside the "
            "loss), ce = CrossEntropyLoss over the softmax of the outputs.");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("init");
    ImGui::SameLine(fs * 6.5f);
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##init", initTitle(spec.init.kind))) {
        for (nets::InitKind k : {nets::InitKind::Xavier, nets::InitKind::XavierUniform, nets::InitKind::LeCun,
                                 nets::InitKind::He, nets::InitKind::Normal, nets::InitKind::Zeros})
            if (ImGui::Selectable(initTitle(k), k == spec.init.kind)) {
                spec.init.kind = k;
                apply(s, spec);
                spec = s.net.spec;
            }
        ImGui::EndCombo();
    }
    tooltip("Weights drawn independently (biases zero): Xavier N(0, 2/(fan_in + fan_out)), LeCun N(0, 1/fan_in) "
            "(Lucchi), He N(0, 2/fan_in); σ = 1 saturates deep tanh networks.");
    if (spec.init.kind == nets::InitKind::Normal) {
        double sigma = spec.init.sigma;
        if (paramSlider(makeSpec("sigma", "σ", 1.0, 0.001, 10.0, "Standard deviation of every weight.", false, true), sigma,
                        "init σ")) {
            spec.init.sigma = sigma;
            apply(s, spec);
            spec = s.net.spec;
        }
    }
    double seed = static_cast<double>(spec.seed);
    if (paramSlider(makeSpec("seed", "", 1, 0, 999, "Seed of the initial weights, shared by every run.", true), seed,
                    "weights seed")) {
        spec.seed = static_cast<std::uint64_t>(seed);
        apply(s, spec);
        spec = s.net.spec;
    }

    sectionHeading("GENERALISATION");
    double test = spec.testFraction, patience = spec.patience;
    if (paramSlider(makeSpec("test", "", 0.2, 0.0, 0.9, "Share of the samples held out as test samples (hollow on the map).")
                    , test, "test fraction")) {
        spec.testFraction = test;
        if (test <= 0) spec.patience = 0;
        apply(s, spec);
        spec = s.net.spec;
    }
    if (spec.testFraction > 0 &&
        paramSlider(makeSpec("earlyStop", "P", 0, 0, 2000,
                         "Early stopping: end a run P steps after its lowest test loss and keep those weights (0: off).",
                         true),
                    patience, "early stopping patience")) {
        spec.patience = static_cast<int>(patience);
        apply(s, spec);
        spec = s.net.spec;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
    ImGui::PushFont(fonts.small);
    ImGui::TextWrapped("Weight decay λ is a setting of each run (below): torch's, coupled for SGD and Adam, "
                       "decoupled for AdamW.");
    ImGui::PopFont();
    ImGui::PopStyleColor();
    drawSliceOpener(s, fonts);
}

}  // namespace optiscape::app
