// The 3D surface: the map's colours, lit by one soft directional light, with the contour lines of
// the map so the two views read the same.
in float vT;
in vec3 vNormal;
in vec3 vWorld;
out vec4 fragColor;
uniform float uLevels;
uniform float uLighten;
uniform vec3 uPaper;
uniform vec3 uInk;
uniform float uContourAlpha;
uniform vec3 uLight;

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

void main() {
    float t = clamp(vT, 0.0, 1.0);
    vec3 base = mix(viridis(t), uPaper, uLighten);
    vec3 n = normalize(vNormal);
    if (!gl_FrontFacing) n = -n;
    float diffuse = max(dot(n, normalize(uLight)), 0.0);
    vec3 col = base * (0.55 + 0.5 * diffuse);
    float level = t * uLevels;
    float dist = abs(fract(level + 0.5) - 0.5) / max(fwidth(level), 1e-6);
    float line = 1.0 - clamp(dist - 0.5, 0.0, 1.0);
    col = mix(col, uInk, line * uContourAlpha);
    fragColor = vec4(col, 1.0);
}
