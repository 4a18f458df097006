exports.triple = (x) => 3 * x;
exports.kind = "cjs";
