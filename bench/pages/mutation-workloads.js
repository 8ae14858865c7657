/* global document, window */
// rrweb's own DOM-mutation benchmark workloads (packages/rrweb/test/benchmark/dom-mutation.test.ts
// and test/html/benchmark-dom-mutation*.html), re-created on a stage element so that one page can
// run them one after the other. Same sizes and shapes as rrweb's.
(() => {
  const bench = window.__bench;

  /** 1000 branches, each a chain of 10 divs, built detached and appended one branch at a time. */
  const appendBranches = (parent) => {
    for (let b = 0; b < 1000; b++) {
      const root = document.createElement('div');
      root.setAttribute('branch', String(b));
      root.setAttribute('depth', '0');
      let current = root;
      for (let d = 1; d < 10; d++) {
        const child = document.createElement('div');
        child.setAttribute('branch', String(b));
        child.setAttribute('depth', String(d));
        current.appendChild(child);
        current = child;
      }
      parent.appendChild(root);
    }
  };

  bench.register('append-1000x10', {
    title: 'create 1000×10 DOM nodes',
    run: (stage) => appendBranches(stage),
  });

  bench.register('add-remove', {
    title: 'create 1000×10×2 nodes, remove the first 1000×10',
    run: (stage) => {
      const add = () => {
        const fragment = document.createDocumentFragment();
        appendBranches(fragment);
        stage.appendChild(fragment);
      };
      add();
      stage.querySelectorAll('div').forEach((node) => node.parentNode.removeChild(node));
      add();
    },
  });

  bench.register('attributes-10k', {
    title: 'modify attributes on 10000 nodes',
    setup: (stage) => {
      for (let i = 0; i < 10000; i++) stage.appendChild(document.createElement('div'));
    },
    run: (stage) => {
      for (const div of stage.getElementsByTagName('div')) div.classList.add('foo');
    },
  });

  bench.register('deep-nesting', {
    title: 'build 100 chains 256 deep, node by node',
    run: (stage) => {
      stage.innerHTML = '';
      const tips = [];
      for (let i = 0; i < 100; i++) {
        const root = document.createElement('div');
        stage.appendChild(root);
        tips.push(root);
      }
      for (let depth = 0; depth < 256; depth++) {
        for (let i = 0; i < tips.length; i++) {
          const div = document.createElement('div');
          tips[i].appendChild(div);
          tips[i] = div;
        }
      }
    },
  });

  bench.register('nested-append-1000', {
    title: 'append 1000 nodes, each into the previous one',
    run: (stage) => {
      let parent = stage;
      for (let i = 0; i < 1000; i++) {
        const el = document.createElement('div');
        el.textContent = `el-${i + 1}`;
        parent.append(el);
        parent = el;
      }
    },
  });

  bench.register('move-10k', {
    title: 'create 10000 nodes and move them to a new container',
    setup: (stage) => {
      const app = document.createElement('div');
      app.className = 'app';
      stage.append(app);
    },
    run: (stage) => {
      const appendNodes = (parent, total) => {
        const el = document.createElement('div');
        for (let i = 0; i < total; i++) {
          const div = document.createElement('div');
          div.innerHTML = `div-${i + 1}`;
          el.append(div);
        }
        parent.append(el);
        return el;
      };
      const app = stage.querySelector('.app');
      const container = appendNodes(app, 10000);
      const newApp = document.createElement('div');
      newApp.append(container);
      stage.append(newApp);
      app.remove();
      appendNodes(stage, 1);
    },
  });
})();
