// zwgk: small progressive enhancements; pages work without JavaScript. No inline scripts (CSP).
document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  const heading = target && target.querySelector("h2, [role=alert]");
  if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
});
