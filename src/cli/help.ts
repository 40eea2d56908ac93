/** What `--help` prints for each command. */

export const MAIN_HELP = `Usage: gradviz <command> [options]

Commands:
  render [program.py]   draw a micrograd-style program's expression graph
  mlp [spec.json]       build, train and draw an MLP, or chart its training loss
  serve                 start the gradviz HTTP service

Run 'gradviz <command> --help' for the options of each. Exit codes: 0 done, 1 the input
is wrong (file:line:column: message), 2 the command line is wrong, 70 gradviz failed.
`;

const DRAWING = `  -o, --out FILE        write to FILE (default, or -: standard output)
  -f, --format FORMAT   svg, png, dot or json (default: from FILE's extension, else svg)
      --rankdir LR|TB   draw left to right (default) or top to bottom
      --precision N     decimals of data and grad, 0 to 10 (default 4)
      --no-grad         draw the forward pass only
      --theme THEME     light (default), dark or transparent
      --layout ENGINE   graphviz, layered, or auto (default: Graphviz while it is cheap)
      --scale N         PNG pixels per point: 1 (default), 2 or 3
  -h, --help            show this help`;

export const RENDER_HELP = `Usage: gradviz render [program.py | -] [options]

Runs the program (standard input when it is - or absent), backpropagates, and draws its
graph as micrograd's draw_dot does.

${DRAWING}
      --values NAME=N   a number for a name the program uses without assigning it;
                        repeat it, or separate pairs with commas: --values x=1.5,y=-2
      --output NAME     draw the graph of NAME instead of what backward() was called on

Example: gradviz render lecture.py -o lecture.svg --theme dark
`;

export const MLP_HELP = `Usage: gradviz mlp [spec.json | -] [options]

Builds the MLP the spec describes (the body of POST /v1/mlp), trains it if it asks, and
draws its final forward and backward pass. A terminal shows the progress of training.

${DRAWING}
      --view VIEW       values (default: every scalar) or neurons (one node per neuron)
      --loss            chart the training loss instead (SVG or PNG)

Example: gradviz mlp net.json -o net.svg --view neurons
`;

export const SERVE_HELP = `Usage: gradviz serve [--port N] [--host ADDRESS]

Starts the gradviz service, configured by the environment variables the README lists
(PORT, HOST, LOG_LEVEL, WORKER_THREADS, ...). --port and --host set PORT and HOST.
`;
