// Tests of `optiscape dataset` and `optiscape train` (src/cli/train_command.cpp): the CSV contracts,
// the weights files in and out, early stopping and divergence exit statuses, and bad input —
// unknown names, misfitting architectures, broken CSV and weights files — with one line and status 2.
#include <cmath>
#include <cstdio>
#include <fstream>

#include "cli_helpers.h"

using optiscape::testing::checkUsageError;
using optiscape::testing::lines;
using optiscape::testing::runCli;
using optiscape::testing::slurp;
using optiscape::testing::split;

namespace {

std::string tempFile(const std::string& name, const std::string& text) {
    const std::string path = "/tmp/optiscape_cli_train_" + std::to_string(getpid()) + "_" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

}  // namespace

TEST_CASE("dataset: header x1,x2,y, n rows, class indices, the same bytes for the same seed") {
    const auto r = runCli({"dataset", "spiral"}, {"--n", "50", "--noise", "0.1", "--seed", "3", "arms=3"});
    REQUIRE(r.status == 0);
    const auto rows = lines(r.out);
    REQUIRE(rows.size() == 51);
    CHECK(rows[0] == "x1,x2,y");
    for (size_t i = 1; i < rows.size(); ++i) {
        const auto cells = split(rows[i], ',');
        REQUIRE(cells.size() == 3);
        CHECK((cells[2] == "0" || cells[2] == "1" || cells[2] == "2"));
    }
    CHECK(runCli({"dataset", "spiral"}, {"--n", "50", "--noise", "0.1", "--seed", "3", "arms=3"}).out == r.out);
    CHECK(runCli({"dataset", "spiral"}, {"--n", "50", "--noise", "0.1", "--seed", "4", "arms=3"}).out != r.out);
    const auto sine = runCli({"dataset", "sine"}, {"--n", "12"});
    REQUIRE(sine.status == 0);
    CHECK(lines(sine.out)[0] == "x1,y");
    const auto help = runCli({"dataset", "--help"}, {});
    CHECK(help.status == 0);
    for (const char* name : {"gaussian-mixture", "circles", "xor", "two-moons", "spiral", "plane", "sine"})
        CHECK(help.out.find(std::string("  ") + name + "  ") != std::string::npos);
    checkUsageError(runCli({"dataset", "spirals"}, {}), {"spirals"}, "unknown data set");
    checkUsageError(runCli({"dataset", "spiral"}, {"arms=7"}), {"arms=7"}, "arms");
    checkUsageError(runCli({"dataset", "spiral"}, {"--n", "0"}), {"--n 0"}, "n");
    checkUsageError(runCli({"dataset"}, {}), {}, "missing the data set's name");
}

TEST_CASE("train: the CSV step,loss,grad_norm,lr,train_acc,test_loss,test_acc for steps 0..N") {
    const auto r = runCli({"train"}, {"--dataset", "two-moons:n=80", "--arch", "2-8-1", "--activation", "tanh",
                                      "--loss", "bce", "--optimizer", "adam", "--lr", "0.05", "--test-fraction",
                                      "0.25", "--steps", "40", "--seed", "2"});
    REQUIRE(r.status == 0);
    const auto rows = lines(r.out);
    REQUIRE(rows.size() == 42);
    CHECK(rows[0] == "step,loss,grad_norm,lr,train_acc,test_loss,test_acc");
    for (size_t k = 1; k < rows.size(); ++k) {
        const auto c = split(rows[k], ',');
        REQUIRE(c.size() == 7);
        CHECK(c[0] == std::to_string(k - 1));
        for (size_t j = 1; j < 7; ++j) CHECK(std::isfinite(std::stod(c[j])));
        CHECK(std::stod(c[3]) == 0.05);
    }
    CHECK(std::stod(split(rows.back(), ',')[1]) < std::stod(split(rows[1], ',')[1]));
    // regression without a test set: accuracies and test columns empty
    const auto reg = runCli({"train"}, {"--dataset", "plane:n=30", "--arch", "2-1", "--activation", "linear",
                                        "--loss", "mse", "--lr", "0.01", "--steps", "3"});
    REQUIRE(reg.status == 0);
    const auto rr = lines(reg.out);
    REQUIRE(rr.size() == 5);
    CHECK(rr[1].size() > 4);
    CHECK(rr[1].substr(rr[1].size() - 3) == ",,,");
    // minibatches replay from the seed
    const std::vector<std::string> mb = {"--dataset", "xor:n=60", "--arch", "2-4-1", "--batch", "8", "--seed", "5",
                                         "--lr", "0.2", "--steps", "20"};
    CHECK(runCli({"train"}, mb).out == runCli({"train"}, mb).out);
}

TEST_CASE("train: weights out and back in give the same trajectory; files of another shape are rejected") {
    const std::string out = "/tmp/optiscape_cli_train_" + std::to_string(getpid()) + "_w.json";
    const std::vector<std::string> base = {"--dataset", "circles:n=60", "--arch", "2-5-1", "--lr", "0.1"};
    std::vector<std::string> a = base;
    for (const char* x : {"--steps", "0", "--weights-out"}) a.push_back(x);
    a.push_back(out);
    REQUIRE(runCli({"train"}, a).status == 0);
    const std::string weights = slurp(out);
    CHECK(weights.find("{\"arch\": [2, 5, 1], \"activation\": \"tanh\", \"layers\": [{\"W\": [[") == 0);
    std::vector<std::string> b = base, c = base;
    for (const char* x : {"--steps", "10", "--weights-in"}) b.push_back(x);
    b.push_back(out);
    for (const char* x : {"--steps", "10"}) c.push_back(x);
    const auto rb = runCli({"train"}, b), rc = runCli({"train"}, c);
    REQUIRE(rb.status == 0);
    CHECK(rb.out == rc.out);  // the written initial weights are the seeded init, to the bit
    std::vector<std::string> wrong = {"--dataset", "circles:n=60", "--arch", "2-6-1", "--steps", "1", "--weights-in", out};
    checkUsageError(runCli({"train"}, wrong), wrong, "2-5-1 is not the network's 2-6-1");
    const std::string shape = tempFile("shape.json",
                                       "{\"layers\": [{\"W\": [[1, 2]], \"b\": [0]}, {\"W\": [[1]], \"b\": [0]}]}");
    std::vector<std::string> s = {"--dataset", "circles:n=60", "--arch", "2-5-1", "--steps", "1", "--weights-in", shape};
    checkUsageError(runCli({"train"}, s), s, "layer 1: W has shape (1, 2), expected (out, in) = (5, 2)");
    const std::string broken = tempFile("broken.json", "{\"arch\": [2, 5");
    s.back() = broken;
    checkUsageError(runCli({"train"}, s), s, "not JSON");
    s.back() = "/nonexistent/w.json";
    checkUsageError(runCli({"train"}, s), s, "cannot read");
    std::remove(out.c_str());
    std::remove(shape.c_str());
    std::remove(broken.c_str());
}

TEST_CASE("train: --data reads the user's CSV; broken files are rejected with the line") {
    const std::string good = tempFile("good.csv", "x1,x2,y\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n0.5,0.2,0\n0.1,0.9,1\n");
    const auto r = runCli({"train"}, {"--data", good, "--arch", "2-3-1", "--steps", "5"});
    REQUIRE(r.status == 0);
    CHECK(lines(r.out).size() == 7);
    const struct {
        const char* name;
        const char* text;
        const char* expected;
    } bad[] = {{"missing.csv", "x1,x2,y\n0,0,0\n1,1\n", "line 3"},
               {"text.csv", "x1,x2,y\n0,0,0\n1,abc,1\n", "'abc' is not a number"},
               {"oneclass.csv", "x1,x2,y\n0,0,1\n1,1,1\n2,2,1\n", "one class"},
               {"empty.csv", "", "empty"}};
    for (const auto& b : bad) {
        CAPTURE(b.name);
        const std::string path = tempFile(b.name, b.text);
        const std::vector<std::string> args = {"--data", path, "--arch", "2-3-1", "--steps", "5"};
        checkUsageError(runCli({"train"}, args), args, b.expected);
        std::remove(path.c_str());
    }
    const std::vector<std::string> wide = {"--data", good, "--arch", "3-3-1", "--steps", "5"};
    checkUsageError(runCli({"train"}, wide), wide, "start the architecture with 2");
    std::remove(good.c_str());
}

TEST_CASE("train: early stopping ends with status 0, divergence with status 3") {
    const auto es = runCli({"train"}, {"--dataset", "gaussian-mixture:n=40,noise=1.6,flip=0.2", "--arch",
                                       "2-64-64-1", "--optimizer", "adam", "--lr", "0.01", "--test-fraction", "0.5",
                                       "--early-stop", "50", "--steps", "3000"});
    CHECK(es.status == 0);
    CHECK(es.err.find("early stop at step ") == 0);
    CHECK(lines(es.out).size() < 3002);
    const auto dv = runCli({"train"}, {"--dataset", "plane:n=40", "--arch", "2-1", "--activation", "linear", "--lr",
                                       "5", "--steps", "500"});
    CHECK(dv.status == 3);
    CHECK(dv.err.find("diverged at step ") == 0);
    for (const std::string& row : lines(dv.out))
        if (row.rfind("step", 0) != 0) CHECK(std::isfinite(std::stod(split(row, ',')[1])));
}

TEST_CASE("train: bad input names what is allowed") {
    const std::vector<std::vector<std::string>> cases = {
        {"--arch", "2-8-1", "--steps", "5"},
        {"--dataset", "spiral", "--steps", "5"},
        {"--dataset", "spiral", "--arch", "2-x-1", "--steps", "5"},
        {"--dataset", "spiral", "--arch", "2-8-1", "--activation", "gelu", "--steps", "5"},
        {"--dataset", "spiral", "--arch", "2-8-1", "--loss", "hinge", "--steps", "5"},
        {"--dataset", "spiral", "--arch", "2-8-1", "--init", "glorot", "--steps", "5"},
        {"--dataset", "spiral:arms=3", "--arch", "2-8-1", "--loss", "bce", "--steps", "5"},
        {"--dataset", "spiral", "--arch", "2-8-1", "--optimizer", "adam", "--momentum", "0.9", "--steps", "5"},
        {"--dataset", "spiral", "--arch", "2-8-1", "--steps", "-1"},
        {"--dataset", "spiral", "--arch", "2-8-1", "--early-stop", "10", "--steps", "5"},
        {"--dataset", "spiral", "--arch", "2-8-2", "--loss", "bce", "--steps", "5"},
    };
    const char* expected[] = {"missing --dataset or --data", "missing --arch", "'x' is not a width",
                              "unknown activation 'gelu'", "unknown loss 'hinge'", "unknown init 'glorot'",
                              "bce needs two classes", "--momentum is not a setting of 'adam'", "--steps",
                              "early stopping watches the test loss", "end the architecture with 1"};
    for (size_t i = 0; i < cases.size(); ++i) checkUsageError(runCli({"train"}, cases[i]), cases[i], expected[i]);
    const auto help = runCli({"train", "--help"}, {});
    CHECK(help.status == 0);
    CHECK(help.out.find("step,loss,grad_norm,lr,train_acc,test_loss,test_acc") != std::string::npos);
}
