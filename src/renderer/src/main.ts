// Placeholder entry for checking the electron-vite build; the renderer engineer replaces it.
document.getElementById('app')!.textContent = 'Modelbench';
