import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const backend = process.env.AFTERSALES_API_URL ?? 'http://localhost:3000';

/**
 * The web app lives in web/; the production build goes to dist/web, which the server
 * serves (with SPA fallback). The CSP allows only `script-src 'self'`, so the build must
 * contain no inline scripts and no eval.
 */
export default defineConfig({
  root: 'web',
  publicDir: 'public',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Long-cached vendor chunks: the app chunk changes far more often than antd or React.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component)[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/metrics': { target: backend, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
});
