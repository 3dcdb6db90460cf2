// The 3D surface: a grid mesh whose height is the map's log-scaled loss; world space has the view
// box mapped to [-1, 1]² and the height to [0, uHeight].
layout(location = 0) in vec3 aPos;      // x, y in [-1, 1], z = t in [0, 1] (colour scale position)
layout(location = 1) in vec3 aNormal;
uniform mat4 uMvp;
uniform float uHeight;
out float vT;
out vec3 vNormal;
out vec3 vWorld;
void main() {
    vec3 p = vec3(aPos.xy, aPos.z * uHeight);
    vT = aPos.z;
    vNormal = normalize(vec3(aNormal.xy * uHeight, aNormal.z));
    vWorld = p;
    gl_Position = uMvp * vec4(p, 1.0);
}
