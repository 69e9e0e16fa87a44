// The scripted server ships in src (rlm bench --oracle serves its oracle models with it); tests import it from here.
export * from '../../src/scripted-server/index.ts';
