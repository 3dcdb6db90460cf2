// Tests for src/core/json.cpp: separators, number precision, null for non-finite numbers, escapes.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/json.h"

using namespace optiscape;

TEST_CASE("JsonWriter: objects, arrays and separators") {
    JsonWriter j;
    j.beginObject().key("value").value(1.5);
    j.key("gradient").beginArray().value(0.0).value(-2.0).endArray();
    j.key("hessian").beginArray();
    j.beginArray().value(1.0).value(2.0).endArray();
    j.beginArray().value(3.0).value(4.0).endArray();
    j.endArray().endObject();
    CHECK(j.str() == R"({"value": 1.5, "gradient": [0, -2], "hessian": [[1, 2], [3, 4]]})");

    JsonWriter e;
    e.beginObject().endObject();
    CHECK(e.str() == "{}");
    JsonWriter a;
    a.beginArray().beginArray().endArray().beginObject().endObject().value(true).endArray();
    CHECK(a.str() == "[[], {}, true]");
    JsonWriter nested;
    nested.beginObject().key("a").beginObject().key("b").null().endObject().key("c").value(false).endObject();
    CHECK(nested.str() == R"({"a": {"b": null}, "c": false})");
}

TEST_CASE("JsonWriter: numbers") {
    JsonWriter j;
    j.beginArray().value(0.1).value(1e-7).value(-24.2).value(3).value(7L).value(-1).endArray();
    CHECK(j.str() == "[0.10000000000000001, 9.9999999999999995e-08, -24.199999999999999, 3, 7, -1]");
    JsonWriter n;
    n.beginArray()
        .value(std::nan(""))
        .value(std::numeric_limits<double>::infinity())
        .value(-std::numeric_limits<double>::infinity())
        .endArray();
    CHECK(n.str() == "[null, null, null]");
    JsonWriter big;
    big.beginArray().value(-2147483647L).value(2147483647).endArray();  // long is 32 bits in wasm
    CHECK(big.str() == "[-2147483647, 2147483647]");
}

TEST_CASE("JsonWriter: strings and escapes") {
    JsonWriter j;
    j.beginObject().key("name").value("yarotsky").key("pretty").value("(w₂ − w₁²)² + ε·w₁²").endObject();
    CHECK(j.str() == R"({"name": "yarotsky", "pretty": "(w₂ − w₁²)² + ε·w₁²"})");
    CHECK(jsonEscape("a\"b\\c") == "a\\\"b\\\\c");
    CHECK(jsonEscape("line\nnext\ttab\r") == "line\\nnext\\ttab\\r");
    CHECK(jsonEscape(std::string("\x01\x1f", 2)) == "\\u0001\\u001f");
    CHECK(jsonEscape("\b\f") == "\\b\\f");
    CHECK(jsonEscape("") == "");
    JsonWriter k;
    k.beginObject().key("we\"ird").value(std::string_view("x")).endObject();
    CHECK(k.str() == R"({"we\"ird": "x"})");
}
