// The landscape map: a grid of s = log10(L − Lmin + δ) sampled on the CPU (NaN where L is
// undefined), interpolated here, coloured with a lightened viridis, with evenly spaced contour
// lines at levels of the same scale. Undefined regions are hatched grey. The grid's second
// channel holds λmax of the Hessian for the stability overlay: where K·λmax > 2, plain gradient
// descent (K = γ) or heavy ball (K = γ/(1 + μ)) locally diverges; that region is hatched red.
in vec2 vUv;
out vec4 fragColor;

uniform sampler2D uGrid;     // RG32F: (s, λmax) per sample, samples at texel centres
uniform vec2 uGridSize;      // texels
uniform vec2 uRange;         // s at colour 0 and colour 1
uniform float uLevels;       // contour lines across the range
uniform float uLighten;      // 0 = viridis, 1 = paper
uniform vec3 uPaper;         // background colour the map is lightened towards
uniform vec3 uInk;           // contour colour
uniform float uContourAlpha;
uniform float uPixelScale;   // device pixels per CSS pixel (line widths)
uniform float uStabilityK;   // 0: no stability overlay

vec3 viridis(float t) {
    const vec3 c0 = vec3(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
    const vec3 c1 = vec3(0.1050930431085774, 1.404613529898575, 1.384590162594685);
    const vec3 c2 = vec3(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
    const vec3 c3 = vec3(-4.634230498983486, -5.799100973351585, -19.33244095627987);
    const vec3 c4 = vec3(6.228269936347081, 14.17993336680509, 56.69055260068105);
    const vec3 c5 = vec3(4.776384997670288, -13.74514537774601, -65.35303263337234);
    const vec3 c6 = vec3(-5.435455855934631, 4.645852612178535, 26.3124352495832);
    return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}

vec2 texel(ivec2 p) {
    ivec2 size = ivec2(uGridSize);
    return texelFetch(uGrid, clamp(p, ivec2(0), size - 1), 0).rg;
}

bool undefinedValue(float v) { return !(v == v) || abs(v) > 1e30; }

void main() {
    vec2 p = vUv * uGridSize - 0.5;
    ivec2 i0 = ivec2(floor(p));
    vec2 f = p - floor(p);
    vec2 A = texel(i0), B = texel(i0 + ivec2(1, 0));
    vec2 C = texel(i0 + ivec2(0, 1)), D = texel(i0 + ivec2(1, 1));
    float a = A.x, b = B.x, c = C.x, d = D.x;
    if (undefinedValue(a) || undefinedValue(b) || undefinedValue(c) || undefinedValue(d)) {
        float stripe = step(0.5, fract((gl_FragCoord.x + gl_FragCoord.y) / (8.0 * uPixelScale)));
        fragColor = vec4(mix(vec3(0.78), vec3(0.70), stripe), 1.0);
        return;
    }
    float s = mix(mix(a, b, f.x), mix(c, d, f.x), f.y);
    float t = clamp((s - uRange.x) / max(uRange.y - uRange.x, 1e-12), 0.0, 1.0);
    vec3 col = mix(viridis(t), uPaper, uLighten);

    float level = t * uLevels;
    float dist = abs(fract(level + 0.5) - 0.5) / max(fwidth(level), 1e-6);
    float line = 1.0 - clamp(dist - 0.5 * uPixelScale, 0.0, 1.0);
    col = mix(col, uInk, line * uContourAlpha);

    if (uStabilityK > 0.0) {
        float lam = mix(mix(A.y, B.y, f.x), mix(C.y, D.y, f.x), f.y);
        float margin = lam * uStabilityK - 2.0;   // > 0: locally unstable
        float edge = 1.0 - clamp(abs(margin) / max(fwidth(margin), 1e-6) - 0.5 * uPixelScale, 0.0, 1.0);
        if (margin > 0.0) {
            float stripe = step(0.6, fract((gl_FragCoord.x - gl_FragCoord.y) / (7.0 * uPixelScale)));
            col = mix(col, vec3(0.84, 0.37, 0.0), 0.18 + 0.22 * stripe);
        }
        col = mix(col, vec3(0.72, 0.25, 0.0), edge * 0.9);
    }
    fragColor = vec4(col, 1.0);
}
